// summary.js — what is on this wire? Counts the engine's events and lists the busiest
// talkers, the broadcasters and ARP activity. A first look at any capture:
//   tattler run -r capture.pcap summary
'use strict';

const counts = {};
const talkers = new Map();      // IP address -> packets sent
const broadcasters = new Map(); // "kind dst" -> packets
const arpFor = new Map();       // "who-has X tell Y" -> count
let first = null;
let last = null;

function bump(map, key) {
  map.set(key, (map.get(key) || 0) + 1);
}

for (const name of ['arp_request', 'arp_reply', 'bad_arp', 'udp_request', 'udp_reply',
                    'broadcast_seen', 'weird']) {
  tattler.on(name, () => { counts[name] = (counts[name] || 0) + 1; });
}

tattler.on('raw_packet', (p) => {
  counts.packets = (counts.packets || 0) + 1;
  if (first === null) first = p.ts;
  last = p.ts;
  if (p.src !== null) bump(talkers, p.src);
});

tattler.on('broadcast_seen', (b) => bump(broadcasters, `${b.kind.padEnd(8)} ${b.dst || b.mac_dst}`));
tattler.on('arp_request', (a) => bump(arpFor, a.gratuitous
    ? `${a.spa} announces itself (${a.sha})` : `${a.spa} asks for ${a.tpa}`));

function top(map, n) {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

tattler.on('tattler_done', () => {
  const span = first === null ? 0 : last - first;
  console.log(`Packets: ${counts.packets || 0} over ${span.toFixed(1)} s`);
  console.log('Events:');
  for (const [name, n] of Object.entries(counts)) {
    if (name !== 'packets') console.log(`  ${name.padEnd(16)} ${n}`);
  }
  console.log('Top talkers (IP packets sent):');
  for (const [addr, n] of top(talkers, 5)) console.log(`  ${addr.padEnd(40)} ${n}`);
  console.log('Broadcast destinations:');
  for (const [key, n] of top(broadcasters, 5)) console.log(`  ${key.padEnd(40)} ${n}`);
  console.log('ARP requests:');
  for (const [key, n] of top(arpFor, 5)) console.log(`  ${key.padEnd(56)} ${n}`);
});
