// worm770.js — detects the "UDP source port 770" worm pattern and says what to do about it.
//
// The pattern (incidents list, Feb/Mar 2002; see docs/worm770.md):
//   * an infected host follows a legitimate UDP packet (a NetBIOS BROWSER announcement to the
//     subnet's directed broadcast, a DNS query, ...) within milliseconds by a burst of exactly 5
//     UDP packets from source port 770 to consecutive destination ports, 28-byte payloads, to
//     the same destination;
//   * when plugged in it ARPs for its own address, then the barrage starts;
//   * other hosts start talking to the broadcast address and, minutes later, drop off the net.
//
// Notices: Worm770::Burst, Worm770::Self_ARP_Flood, Worm770::Infected_Host,
//          Worm770::Broadcast_Conversation, Worm770::Host_Silent.
// Log: worm770.log, one row per piece of evidence. Evidence pcap per infected host.
// Options (--set worm770.NAME=VALUE): see OPTIONS below and docs/worm770.md.
'use strict';

const OPTIONS = {
  port: 770,            // the worm's UDP source port
  burst_size: 5,        // packets in a burst
  payload: 28,          // UDP payload bytes of each burst packet
  window: 1.0,          // seconds: the whole burst must fit in this
  link_window: 0.5,     // seconds: the legitimate packet precedes the burst by at most this
  min_bursts: 2,        // linked bursts before a host is declared infected
  surge_window: 300,    // seconds after a self-ARP in which a burst makes a Self_ARP_Flood
  conversation_count: 20,   // UDP packets to the attacked broadcast address ...
  conversation_window: 120, // ... within this many seconds make a host "converse" with it
  silence: 60,          // seconds without a packet before a conversing host counts as silent
  evidence_max: 2000,   // frames per infected host saved to its evidence pcap
  report: true,         // print the incident report at the end
};

const cfg = {};
for (const [name, fallback] of Object.entries(OPTIONS)) {
  const v = tattler.config['worm770.' + name];
  if (v === undefined) {
    cfg[name] = fallback;
  } else if (typeof v !== typeof fallback) {
    throw new Error(`--set worm770.${name}: expected a ${typeof fallback}, got '${v}'`);
  } else {
    cfg[name] = v;
  }
}
if (!Number.isInteger(cfg.conversation_count) || cfg.conversation_count < 1 || cfg.conversation_count > 10000) {
  throw new Error(`--set worm770.conversation_count: expected a whole number from 1 to 10000, got ${cfg.conversation_count}`);
}
if (!(cfg.conversation_window > 0)) {
  throw new Error(`--set worm770.conversation_window: expected more than 0 seconds, got ${cfg.conversation_window}`);
}

tattler.log.create('worm770', { fields: {
  ts: 'time', kind: 'string', host: 'addr', mac: 'string', vlan: 'count', dst: 'addr',
  ports: 'vector[port]', payload: 'count', preceded_by: 'string', gap: 'interval',
  linked: 'bool', bursts: 'count', frames: 'vector[count]',
} });

tattler.log.create('worm770_report', { fields: { ts: 'time', line: 'string' } });

const hosts = new Map();        // source IP -> state
const broadcastTargets = new Map(); // directed-broadcast address -> first burst ts
let infectionStart = null;      // first linked burst anywhere

function host(ip, p) {
  let h = hosts.get(ip);
  if (!h) {
    h = { ip, mac: p.mac_src, vlan: p.vlan, last: p.ts, legit: new Map(),
          candidates: new Map(), selfArp: null, bursts: 0, linked: 0, toBroadcast: 0,
          precededBy: new Map(), example: null, infected: false, frames: [],
          firstBurst: null, lastBurst: null, flood: false };
    hosts.set(ip, h);
  }
  if (p.mac_src) h.mac = p.mac_src;
  if (p.vlan !== null) h.vlan = p.vlan;
  h.last = p.ts;
  return h;
}

function keep(h, number) {
  if (h.frames.length < cfg.evidence_max) h.frames.push(number);
}

// Date's toISOString formats through ICU, whose set-up costs ~50 ms at its first call (a tenth
// of this script's time on a 2 M-packet capture); the UTC getters are arithmetic.
const two = (n) => (n < 10 ? '0' : '') + n;
const iso = (ts) => {
  const d = new Date(ts * 1000);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} `
    + `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.`
    + `${String(d.getUTCMilliseconds()).padStart(3, '0')} UTC`;
};
const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
const service = (port) => ({ 137: 'NetBIOS name service', 138: 'NetBIOS datagram (BROWSER)',
  53: 'DNS', 123: 'NTP', 67: 'DHCP', 68: 'DHCP' }[port] || `UDP ${port}`);

// UDP from the worm's port, whichever way its connection points (the burst is about the
// sender). The filter runs in Java, so ordinary traffic costs no script call: what the host sent
// the same destination before comes from the engine (tattler.lastPacket).
function wormPacket(c, p) {
  const src = p.src;
  const h = host(src, p);
  const dst = p.dst;
  legitimate(h, src, dst);
  if (p.payload_len !== cfg.payload) {
    h.candidates.delete(dst);   // a 770 packet of another size breaks any burst in progress
    return;
  }
  let cand = h.candidates.get(dst);
  const ts = p.ts;
  const dport = p.dport;
  const follows = cand && ts - cand.start <= cfg.window
      && dport === ((cand.ports[cand.ports.length - 1] + 1) & 0xffff);
  if (!follows) {
    cand = { start: ts, ports: [], numbers: [] };
    h.candidates.set(dst, cand);
  }
  cand.ports.push(dport);
  cand.numbers.push(p.number);
  if (cand.ports.length === cfg.burst_size) {
    h.candidates.delete(dst);
    burst(h, p, cand);
  }
}

// h.legit holds, per destination, the latest ordinary UDP packet (not from the worm's port) h
// sent there before its latest port-770 packet: the packet a burst follows. The engine knows the
// last UDP packet before this one; if that was from port 770 too, no ordinary one came since
// the previous port-770 packet, whose answer h.legit already holds.
function legitimate(h, src, dst) {
  const before = tattler.lastPacket(src, dst, 'udp');
  if (before === null || before.sport === cfg.port) return;
  h.legit.delete(dst); // re-inserted last: the oldest destination is the one evicted
  h.legit.set(dst, before);
  if (h.legit.size > 4096) h.legit.delete(h.legit.keys().next().value); // bounded
}
const wormFilter = { filter: `udp src port ${cfg.port}` };
tattler.on('udp_request', wormPacket, wormFilter);
tattler.on('udp_reply', wormPacket, wormFilter);

function burst(h, p, cand) {
  const legit = h.legit.get(p.dst);
  const gap = legit ? cand.start - legit.ts : null;
  const linked = legit !== undefined && gap >= 0 && gap <= cfg.link_window;
  h.bursts++;
  const toBroadcast = p.mac_dst === 'ff:ff:ff:ff:ff:ff' || p.dst.endsWith('.255');
  if (toBroadcast) {
    h.toBroadcast++;
    if (!broadcastTargets.has(p.dst)) {
      broadcastTargets.set(p.dst, p.ts);
      watchTarget(p.dst);
    }
  }
  const ports = `${cand.ports[0]}-${cand.ports[cand.ports.length - 1]}`;
  const before = linked ? `${p.dst}:${legit.dport} (${service(legit.dport)}) ${ms(gap)} before` : null;
  tattler.log.write('worm770', {
    ts: cand.start, kind: 'burst', host: h.ip, mac: h.mac, vlan: h.vlan, dst: p.dst,
    ports: cand.ports, payload: cfg.payload, preceded_by: before, gap: linked ? gap : null,
    linked, bursts: h.bursts, frames: linked ? [legit.number, ...cand.numbers] : cand.numbers,
  });
  if (!linked) return;   // the worm's bursts follow a legitimate packet: alone, it is not the pattern
  h.linked++;
  if (h.firstBurst === null) h.firstBurst = cand.start;
  h.lastBurst = p.ts;
  if (infectionStart === null) {
    infectionStart = cand.start;
    watchConversations();
  }
  keep(h, legit.number);
  for (const n of cand.numbers) keep(h, n);
  const key = `${legit.dport}`;
  h.precededBy.set(key, (h.precededBy.get(key) || 0) + 1);
  if (!h.example) {
    h.example = { ts: legit.ts, legit, dst: p.dst, ports, gap };
  }
  tattler.notice({
    note: 'Worm770::Burst', src: h.ip, dst: p.dst, p: cand.ports[0], proto: 'udp', n: h.linked,
    identifier: h.ip,
    msg: `UDP source-port-${cfg.port} burst from ${h.ip} to ${p.dst}`,
    sub: `${cfg.burst_size} packets to ports ${ports}, ${cfg.payload} bytes each, ${ms(gap)} after UDP to ${p.dst}:${legit.dport} (${service(legit.dport)})`,
    advice: `isolate ${h.ip} (${h.mac}); see the Worm770::Infected_Host notice`,
  });
  if (h.selfArp && !h.flood && cand.start - h.selfArp.ts <= cfg.surge_window) {
    h.flood = true;
    keep(h, h.selfArp.number);
    tattler.log.write('worm770', { ts: h.selfArp.ts, kind: 'self_arp', host: h.ip, mac: h.mac,
      vlan: h.vlan, dst: h.ip, linked: true, bursts: h.linked, frames: [h.selfArp.number] });
    tattler.notice({
      note: 'Worm770::Self_ARP_Flood', src: h.ip, identifier: h.ip,
      msg: `${h.ip} ARPed for its own address, then sent port-${cfg.port} bursts`,
      sub: `self-ARP at ${iso(h.selfArp.ts)}, first burst ${ms(cand.start - h.selfArp.ts)} later`,
      advice: `the host starts the barrage as soon as it joins the network: keep ${h.ip} (${h.mac}) unplugged`,
    });
  }
  if (!h.infected && h.linked >= cfg.min_bursts) {
    h.infected = true;
    tattler.notice({
      note: 'Worm770::Infected_Host', src: h.ip, identifier: h.ip, suppress_for: 86400, n: h.linked,
      msg: `${h.ip} (${h.mac}${h.vlan !== null ? ', VLAN ' + h.vlan : ''}) shows the UDP port-${cfg.port} worm pattern`,
      sub: `${h.linked} bursts of ${cfg.burst_size} x ${cfg.payload}-byte UDP from port ${cfg.port} to consecutive ports, each right after a legitimate UDP packet to the same destination`,
      advice: `isolate ${h.ip}: shut the switch port that learned ${h.mac}; block UDP source port ${cfg.port}; `
        + 'disable directed-broadcast forwarding on routers; find the reinfection vector before reconnecting (a clean rebuild did not help); keep the evidence pcap',
    });
  }
}

// A host ARPing for its own address (sender and target protocol addresses equal, bytes 14 and
// 24 of the ARP header), not a probe from 0.0.0.0: only those reach the script.
tattler.on('arp_request', (a) => {
  if (!a.gratuitous || a.spa === '0.0.0.0') return;
  const h = hosts.get(a.spa) || host(a.spa, { ts: a.ts, mac_src: a.sha, vlan: a.vlan });
  h.selfArp = { ts: a.ts, number: a.number };
}, { filter: 'arp[14:4] = arp[24:4] and arp[14:4] != 0' });

// Another host talking to a broadcast address the worm has been hitting, far more than hosts
// do (a Windows host announces itself every 12 minutes; at boot it sends about a dozen
// registrations in a few seconds): in the original incident such hosts dropped off later.
// Watched once the infection has started, on the packets to the attacked broadcast addresses:
// the engine counts them per sender and calls the handler once per host, on the packet that
// makes cfg.conversation_count of them within cfg.conversation_window (a busy LAN sends tens of
// thousands of them, which would otherwise cost a script call each). The handler is subscribed
// again, with a wider filter, when a target is added; the count goes on.
const broadcastTalkers = tattler.threshold({ count: cfg.conversation_count, within: cfg.conversation_window, by: 'src' });
let targetsText = '';   // "dst host A or dst host B", kept as targets are added

function watchConversations() {
  if (!targetsText || infectionStart === null) return;
  tattler.off('udp_request', conversation);
  tattler.off('udp_reply', conversation);
  const only = { filter: `udp and (${targetsText}) and not src port ${cfg.port}`, threshold: broadcastTalkers };
  tattler.on('udp_request', conversation, only);
  tattler.on('udp_reply', conversation, only);
}

function watchTarget(target) {
  targetsText += `${targetsText ? ' or ' : ''}dst host ${target}`;
  watchConversations();
}

function conversation(c, p) {
  const h = host(p.src, p);
  if (h.linked > 0 || h.conversing) return;
  h.conversing = broadcastTalkers.first(p.src);
  tattler.log.write('worm770', { ts: p.ts, kind: 'broadcast_conversation', host: h.ip, mac: h.mac,
    vlan: h.vlan, dst: p.dst, linked: false, frames: [p.number] });
  tattler.notice({
    note: 'Worm770::Broadcast_Conversation', src: h.ip, dst: p.dst, p: p.dport, proto: 'udp', identifier: h.ip,
    msg: `${h.ip} talks to ${p.dst} after the worm's bursts began`,
    sub: `${cfg.conversation_count} UDP packets to ${p.dst} in ${(p.ts - h.conversing).toFixed(0)} s, the last ${p.sport} -> ${p.dport} (${service(p.dport)})`,
    advice: `watch ${h.ip}: hosts that did this in the original incident dropped off the network minutes later`,
  });
}

// Hosts that conversed with the broadcast address and then sent nothing for cfg.silence
// (the engine knows when each address last sent a packet: tattler.lastSeen).
function silentHosts(now) {
  const out = [];
  for (const h of hosts.values()) {
    if (!h.conversing || h.silentReported) continue;
    const last = tattler.lastSeen(h.ip);
    if (last !== null && now - last >= cfg.silence) out.push([h.ip, last, h]);
  }
  return out;
}

function checkSilence() {
  const now = tattler.now();
  for (const [ip, last, h] of silentHosts(now)) {
    h.last = last;
    h.silentReported = true;
    tattler.log.write('worm770', { ts: last, kind: 'silent', host: ip, mac: h.mac, vlan: h.vlan,
      linked: false });
    tattler.notice({
      note: 'Worm770::Host_Silent', src: ip, identifier: ip,
      msg: `${ip} has sent nothing since ${iso(last)}, after the worm's bursts began`,
      sub: `silent for ${(now - last).toFixed(0)} s; it was active ${(last - infectionStart).toFixed(0)} s into the incident`,
      advice: `check ${ip}: it may have been knocked off the network; it should return once the infected host is isolated`,
    });
  }
  tattler.schedule(cfg.silence / 2, checkSilence);
}
tattler.schedule(cfg.silence / 2, checkSilence);

tattler.on('tattler_done', () => {
  const infected = [...hosts.values()].filter((h) => h.infected);
  for (const h of infected) {
    if (h.frames.length > 0) {
      const file = `worm770-evidence-${h.ip}.pcap`;
      tattler.evidence(file, h.frames);
      h.evidenceFile = file;
    }
  }
  if (infected.length === 0) return;
  const text = report(infected);
  if (cfg.report) console.log(text);
  // ... and kept with the logs, a row per line, so the report travels with the evidence.
  for (const line of text.split('\n')) tattler.log.write('worm770_report', { ts: tattler.now(), line });
});

function report(infected) {
  const lines = [];
  const say = (s = '') => lines.push(s);
  const conversing = [...hosts.values()].filter((h) => h.conversing && !h.infected)
    .sort((a, b) => a.conversing - b.conversing); // in the order they started
  say('================ Worm770 incident report ================');
  say(`${infected.length} infected host${infected.length > 1 ? 's' : ''}: UDP source port ${cfg.port} bursts, each right after legitimate UDP to the same destination.`);
  for (const h of infected) {
    say();
    say(`Infected host  ${h.ip}   MAC ${h.mac}${h.vlan !== null ? '   VLAN ' + h.vlan : ''}`);
    say(`  last seen     ${iso(tattler.lastSeen(h.ip) ?? h.last)}`);
    if (h.selfArp) say(`  self-ARP      ${iso(h.selfArp.ts)}  (ARPed for its own address; first burst ${ms(h.firstBurst - h.selfArp.ts)} later)`);
    say(`  bursts        ${h.linked} linked bursts of ${cfg.burst_size} x ${cfg.payload} bytes from port ${cfg.port}, ${h.toBroadcast} of them to a broadcast address, from ${iso(h.firstBurst)} to ${iso(h.lastBurst)}`);
    const after = [...h.precededBy.entries()].sort((a, b) => b[1] - a[1])
      .map(([port, n]) => `${service(Number(port))} ${n}`).join(', ');
    say(`  triggered by  ${after}`);
    if (h.example) {
      const e = h.example;
      say(`  example       ${iso(e.ts)} ${h.ip}:${e.legit.sport} -> ${e.dst}:${e.legit.dport} (${service(e.legit.dport)}),`);
      say(`                then ${ms(e.gap)} later 5 x ${cfg.payload} bytes ${h.ip}:${cfg.port} -> ${e.dst}:${e.ports}`);
    }
    if (h.evidenceFile) say(`  evidence      ${h.evidenceFile} (${h.frames.length} frames), worm770.log, notice.log`);
  }
  if (conversing.length > 0) {
    say();
    say('Hosts that started talking to the broadcast address after the bursts began (and those that then fell silent):');
    for (const h of conversing) {
      say(`  ${h.ip.padEnd(16)} ${h.mac || ''}  from ${iso(h.conversing)}${h.silentReported ? `, silent since ${iso(h.last)}` : ''}`);
    }
  }
  const names = infected.map((h) => `${h.ip} (${h.mac})`).join(', ');
  const macs = infected.map((h) => h.mac).join(', ');
  const subnets = [...broadcastTargets.keys()].join(', ');
  say();
  say('What to do now');
  say(`  1. Isolate ${names} now: shut the switch port that learned ${macs}`);
  say('     (e.g. "show mac address-table address <mac>" on Cisco, then "shutdown" on that port), or unplug it.');
  say('     Unplugging stopped the traffic at once in the original incident; do not just reboot it.');
  say(`  2. Block UDP source port ${cfg.port} at routers and firewalls, inbound and outbound, and on internal ACLs`);
  say('     between segments, so a second infected host cannot reach other subnets.');
  say(`  3. Disable directed-broadcast forwarding on every router interface ("no ip directed-broadcast")${subnets ? ': the bursts went to ' + subnets : ''}.`);
  say('  4. Do not trust a rebuild alone: in the original incident the host was rebuilt from clean media and the traffic');
  say('     returned about 1.5 days later. Before reconnecting, look for the reinfection vector: what the host loads from');
  say('     the network at boot and logon (login scripts, shared drives, software it pulls as a proxy), backups restored');
  say('     onto it, and the other hosts listed above, which can reinfect it.');
  if (conversing.length > 0) {
    say('  5. Check the other hosts listed above: scan them, and restart those that dropped off once the infected host');
    say('     is isolated.');
  }
  say(`  ${conversing.length > 0 ? 6 : 5}. Keep the evidence: the evidence pcap(s), notice.log, worm770.log and conn.log, with the capture.`);
  say();
  say('How to verify the containment worked');
  say(`  - Watch the segment: "tattler run -i IFACE worm770" (or capture again and rerun this) shows no Worm770 notice,`);
  say(`    and "tcpdump -n 'udp src port ${cfg.port}'" stays quiet.`);
  say('  - The hosts that fell silent answer ARP and ping again.');
  say('  - After the host is reconnected (only once the vector is found), watch it for a day: the pattern came back');
  say('    within 1.5 days last time.');
  say('=========================================================');
  return lines.join('\n');
}
