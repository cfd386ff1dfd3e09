// GET /docs: a small self-contained page that reads /openapi.json and lists every
// operation with its parameters and schemas. No third-party assets, so it works on an
// isolated management network.
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>slr API</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
details { margin: .4em 0; border: 1px solid #ddd; border-radius: 4px; padding: .3em .6em; }
summary { cursor: pointer; }
.m { display: inline-block; width: 4.5em; font-weight: bold; font-family: monospace; }
.GET { color: #2a7; } .POST { color: #27a; } .PUT { color: #a72; } .PATCH { color: #a5a; } .DELETE { color: #c33; }
pre { background: #f6f6f6; padding: .5em; overflow: auto; font-size: 12px; }
</style>
</head>
<body>
<h1>slr northbound API</h1>
<p id="intro">Loading <a href="/openapi.json">/openapi.json</a>...</p>
<div id="ops"></div>
<script>
(async () => {
  const doc = await (await fetch('/openapi.json')).json();
  document.getElementById('intro').textContent = doc.info.description + ' (OpenAPI ' + doc.openapi + ', ' + doc.info.version + ')';
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push({ path, method: method.toUpperCase(), op });
  }
  const root = document.getElementById('ops');
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };
  for (const [tag, list] of Object.entries(byTag)) {
    root.appendChild(el('h2', tag));
    for (const { path, method, op } of list) {
      const d = el('details');
      const s = el('summary');
      s.appendChild(el('span', method, 'm ' + method));
      s.appendChild(el('code', path));
      s.appendChild(document.createTextNode(' ' + op.summary + (op.security && op.security.length === 0 ? ' (no token)' : '')));
      d.appendChild(s);
      if (op.parameters) { d.appendChild(el('h4', 'parameters')); d.appendChild(el('pre', JSON.stringify(op.parameters, null, 2))); }
      if (op.requestBody) { d.appendChild(el('h4', 'request body')); d.appendChild(el('pre', JSON.stringify(op.requestBody.content['application/json'].schema, null, 2))); }
      d.appendChild(el('h4', 'responses'));
      d.appendChild(el('pre', JSON.stringify(op.responses, null, 2)));
      root.appendChild(d);
    }
  }
})().catch((e) => { document.getElementById('intro').textContent = 'cannot load /openapi.json: ' + e; });
</script>
</body>
</html>
`;
