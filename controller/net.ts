// Addresses, prefixes and the connection 5-tuple for the layers above the core (levels,
// apps, peering, the agent, the API), which may not import the packet library directly:
// the parsers themselves live at the bottom, in southbound/packet (ipv4-address.ts,
// ipv6-address.ts, ip-prefix.ts, five-tuple.ts), so there is one of each.
export {
  canonicalCidr, cidrContains, formatFiveTuple, formatPrefix, ipv4ToString, isIpString, isIpv4String, isIpv6String, maskOf,
  normalizeIpv6, parseCidr, parseFiveTuple, parseIp, parseIpv4Address, parsePrefix, prefixContains, prefixesOverlap,
  type Cidr, type FiveTuple, type Ipv4Prefix,
} from '../southbound/packet';
// The server's flow advertisement (patent Fig. 10): built by the agent, checked by the SLR.
export {
  ADVERTISEMENT_OFFSET, buildFlowAdvertisement, buildIcmpEcho, parseFlowAdvertisement, verifyFlowAdvertisement,
  type FlowAdvertisement, type ParsedAdvertisement,
} from '../southbound/packet';
