describe('toolchain', () => {
  it('runs typescript tests', () => {
    const n: number = 2 + 2;
    expect(n).toBe(4);
  });
});
