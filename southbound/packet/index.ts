// Public surface of the packet library: pure parse and build of the frames carried in
// packet-in and packet-out messages. No I/O.

export * from './constants';
export * from './types';
export { macAt, macFromHalves, macToBytes, normalizeMac, writeMac, BROADCAST_MAC, ZERO_MAC } from './mac-address';
export { ipv4At, ipv4FromString, ipv4StringAt, ipv4ToString, isIpv4String, parseIpv4Address, writeIpv4 } from './ipv4-address';
export { ipv6StringAt, ipv6ToBytes, isIpv6String, normalizeIpv6, writeIpv6 } from './ipv6-address';
export { finishChecksum, internetChecksum, pseudoHeaderSumV4, pseudoHeaderSumV6, sumWords } from './checksum';
export { parsePacket } from './parse-packet';
export { FlowKey } from './flow-key';
export { parseFlowKey } from './parse-flow-key';
export { flowKeyString, flowKeyStringV4, flowKeyStringV6, parseFlowKeyString, type FlowKeyFields } from './flow-key-string';
export {
  canonicalCidr, cidrContains, formatPrefix, isIpString, maskOf, parseCidr, parseIp, parsePrefix, prefixContains, prefixesOverlap,
  type Cidr, type Ipv4Prefix,
} from './ip-prefix';
export { formatFiveTuple, parseFiveTuple, type FiveTuple } from './five-tuple';
export { buildEthernet, popMpls, popVlan, pushMpls, pushVlan, type EthernetSpec, type MplsPushSpec, type VlanTagSpec } from './build-link';
export { buildArp, buildArpPayload, buildArpReply, buildArpRequest, type ArpReplySpec, type ArpRequestSpec, type ArpSpec } from './build-arp';
export {
  buildIpv4, buildIpv6, buildIpv6FragmentHeader, buildIpv6OptionsHeader, type Ipv4Spec, type Ipv6Spec,
} from './build-ip';
export { buildTcp, buildUdp, type TcpSpec, type UdpSpec } from './build-transport';
export {
  buildIcmp, buildIcmpEcho, buildIcmpv6, buildIcmpv6Echo, buildNeighborAdvertisement, buildNeighborSolicitation,
  type EchoSpec, type IcmpSpec, type Icmpv6Spec, type NeighborAdvertisementSpec, type NeighborSolicitationSpec,
} from './build-icmp';
export { verifyChecksums, type ChecksumReport } from './verify-checksums';
export {
  ADVERTISEMENT_OFFSET, buildFlowAdvertisement, MAX_SERVER_ID_BYTES, parseFlowAdvertisement, verifyFlowAdvertisement,
  type FlowAdvertisement, type ParsedAdvertisement,
} from './flow-advertisement';
