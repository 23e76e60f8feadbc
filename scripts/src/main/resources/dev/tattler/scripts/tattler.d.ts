// tattler.d.ts — the Tattler script API, so editors (VS Code, WebStorm, ...) complete and
// check scripts. Reference: docs/scripting.md.
//
// Use: copy this file beside your scripts and either start a script with
//     /// <reference path="./tattler.d.ts" />
// or list it in a jsconfig.json ({ "compilerOptions": { "checkJs": true }, "files": [...] }).
//
// The section between the GENERATED markers is generated from the engine's event catalogue
// and checked by a test; regenerate it with
//     mvn -q -pl scripts test -Dtest=TattlerDtsTest -Dtattler.dts.update=true

declare namespace Tattler {
  /** Zeek column types a script log can have. */
  type ScalarType = 'time' | 'interval' | 'addr' | 'port' | 'count' | 'int' | 'double' | 'string' | 'bool' | 'enum';
  /** Element types of set[...] and vector[...] columns. */
  type ElementType = 'string' | 'enum' | 'addr' | 'port' | 'count' | 'int';
  type FieldType = ScalarType | `set[${ElementType}]` | `vector[${ElementType}]`;

  /** A value in a log record: numbers (time and interval as seconds), strings, booleans, arrays or Sets; null/undefined leave the column unset. */
  type LogValue = number | string | boolean | Date | ReadonlyArray<string | number> | ReadonlySet<string | number> | null | undefined;
  /** A log record: column name to value; dotted columns (id.orig_h) may also be given nested ({ id: { orig_h } }). */
  interface LogRecord {
    [column: string]: LogValue | LogRecord;
  }

  /** tattler.log */
  interface LogApi {
    /**
     * Creates a log, written as NAME.log in the run's log directory and format (Zeek TSV, or JSON
     * lines with --json). Columns come in the order given. The names conn, weird, notice,
     * reporter and stats are the engine's. Creating the same log again with the same fields is allowed.
     * @example tattler.log.create('worm770', { fields: { ts: 'time', host: 'addr', ports: 'vector[port]' } });
     */
    create(path: string, options: { fields: { [column: string]: FieldType } }): void;
    /** Writes one row; every key must be a column of the log. Throws on a wrong value. */
    write(path: string, record: LogRecord): void;
  }

  /** What tattler.notice takes: Zeek's Notice::Info fields, plus advice. */
  interface NoticeSpec {
    /** The notice type, a Zeek enum name such as 'Worm770::Burst'. Required. */
    note: string;
    /** Human-readable message. */
    msg?: string;
    /** Human-readable sub-message: the evidence. */
    sub?: string;
    /** Source address (filled from conn when omitted). */
    src?: string;
    /** Destination address (filled from conn when omitted). */
    dst?: string;
    /** Associated port (filled from conn's responder port when omitted). */
    p?: number;
    /** Associated count, or a status code. */
    n?: number;
    /** Transport protocol of p, when there is no conn: 'tcp', 'udp', 'icmp'. */
    proto?: string;
    /** The connection it is about (an event's c): fills uid, id, proto, src, dst, p. */
    conn?: ConnInfo;
    /** What makes two notices of this note the same; repeats within suppress_for are not logged. Without it nothing is suppressed. */
    identifier?: string | number;
    /** Seconds of network time to suppress repeats (default 3600; 0: never suppress). */
    suppress_for?: number;
    /** What to do about it: containment advice (notice.log's advice column). */
    advice?: string;
  }

  /** Options of tattler.on. */
  interface OnOptions {
    /** Higher runs first (as Zeek's &priority); default 0; equal priorities run in subscription order. */
    priority?: number;
    /**
     * Call the handler only for packets this filter matches, in tcpdump's language (a subset of
     * pcap-filter(7), tested in Java on the decoded packet: VLAN-tagged UDP is `udp`). Only for
     * events raised for a packet (not tattler_init, tattler_done, connection_attempt,
     * connection_state_remove, notice). A bad filter is an error at load time.
     * @example { filter: 'udp src port 770' }, { filter: 'arp[14:4] = arp[24:4]' }
     */
    filter?: string;
    /**
     * Call the handler only on the packet (of those the filter matches) that brings a host to a
     * threshold's count within its window: once per host. Counted in Java, so the packets below
     * the count cost no script call. Events raised for a packet only.
     * @example { filter: 'udp dst host 10.0.0.255', threshold: tattler.threshold({ count: 20, within: 120 }) }
     */
    threshold?: Threshold;
  }

  /** A count of packets per host in a sliding window of network time (tattler.threshold). */
  interface Threshold {
    /**
     * When the host reached the count: the time (seconds since the epoch) of the first of the
     * packets that made it, or null when it has not.
     */
    first(address: string): number | null;
    /** Forgets the host's count, so that it may reach the threshold (and call the handler) again. */
    reset(address: string): boolean;
  }

  /** A --set value: numbers and true/false typed, anything else a string; dotted names also nested. */
  type ConfigValue = string | number | boolean | { readonly [name: string]: ConfigValue };

  /** The global tattler object. */
  interface Api {
    /**
     * Subscribes a handler to an event. An unknown name is an error at load time. A handler that
     * throws is reported (file:line) and the engine goes on; after 100 errors, or 3 runs past the
     * time budget (default 2 s per call), the handler is disabled.
     * @example tattler.on('udp_request', (c, p) => { if (c.id.orig_p === 770) ... });
     * @example tattler.on('udp_request', (c, p) => { ... }, { filter: 'udp src port 770' });
     */
    on<E extends keyof Events>(event: E, handler: Events[E], options?: OnOptions): void;

    /**
     * A threshold for handlers' `threshold` option: `count` packets (1 to 10000) from one host
     * (`by`: 'src', the default, or 'dst': the packet's IP source or destination) within
     * `within` seconds of network time. One threshold may gate several handlers and events: a
     * packet counts once. Bounded (at most 64 MB of counts): when full, hosts quiet for `within`
     * are forgotten; packets from new hosts left uncounted are reported at the end of the run.
     * @example const talkers = tattler.threshold({ count: 20, within: 120, by: 'src' });
     */
    threshold(options: { count: number; within: number; by?: 'src' | 'dst' }): Threshold;

    /**
     * Unsubscribes the handler (the same function object given to on) from the event, whatever
     * its options; true when it was subscribed. Subscribe again to change its filter.
     */
    off<E extends keyof Events>(event: E, handler: Events[E]): boolean;

    /**
     * Raises a notice: writes notice.log and raises the notice event. Returns true when it was
     * logged, false when the same note and identifier were logged less than suppress_for seconds
     * (of network time) ago.
     */
    notice(notice: NoticeSpec): boolean;

    /** Script-defined logs. */
    readonly log: LogApi;

    /**
     * Calls fn after `seconds` of network time (packet time, not wall time); before the first
     * packet, counted from the first packet. Returns the timer's id for cancel(), or 0 when it
     * will not run (the run is ending; timers still pending at the end run before tattler_done).
     */
    schedule(seconds: number, fn: () => void): number;

    /** Cancels a timer; false when it already ran, was cancelled or never existed. */
    cancel(id: number): boolean;

    /**
     * After the run, copies the frames with these numbers (p.number, arp.number) from the
     * capture into `file` (a plain name ending in .pcap) in the log directory: evidence that
     * Wireshark and tcpdump open. Offline runs only.
     */
    evidence(file: string, numbers: number[]): void;

    /** Network time: the latest packet's timestamp, seconds since the epoch (0 before the first packet). */
    now(): number;

    /** True when the IPv4 or IPv6 address is local: in --local-nets, or by default in Zeek's private address space. */
    isLocal(address: string): boolean;

    /**
     * When the address last sent a packet: network time (seconds since the epoch) of the latest
     * packet whose IP source was `address` (written as event objects write it, e.g. p.src), or
     * null if it has sent none. Kept by the engine for every host: no raw_packet handler needed.
     */
    lastSeen(address: string): number | null;

    /**
     * The last packet `src` sent to `dst` before the packet being handled now (of protocol
     * `proto` when given), or null when there was none in the last five minutes of network time.
     * Kept by the engine for every pair of hosts, so a handler filtered down to rare packets can
     * still ask what came before.
     */
    lastPacket(src: string, dst: string, proto?: 'udp' | 'tcp' | 'icmp' | 'icmp6' | 'ip'): LastPacket | null;

    /**
     * Options from `--set name=value`, read-only. Both config['worm770.window'] and
     * config.worm770.window work (the nested form unless it clashes with another option).
     */
    readonly config: { readonly [name: string]: ConfigValue };
  }

  /** The last packet one host sent another, as the engine remembers it (tattler.lastPacket). */
  interface LastPacket {
    /** capture time, seconds since the epoch */
    readonly ts: number;
    /** frame number in the capture, from 1 (as p.number) */
    readonly number: number;
    /** 'udp', 'tcp', 'icmp', 'icmp6' or 'ip' (another protocol, or a later fragment) */
    readonly proto: string;
    /** UDP/TCP source port, or null */
    readonly sport: number | null;
    /** UDP/TCP destination port, or null */
    readonly dport: number | null;
  }

  // ---- BEGIN GENERATED from the event catalogue (TattlerDtsTest) ----

  /** A packet: its link, IP and transport headers. Absent layers give null. */
  interface PacketInfo {
    /** capture time, seconds since the epoch */
    readonly ts: number;
    /** frame number in the capture, from 1 (as Wireshark counts) */
    readonly number: number;
    /** frame length on the wire */
    readonly len: number;
    /** bytes captured (less than len when cut by the snap length) */
    readonly caplen: number;
    /** link type name: EN10MB, LINUX_SLL, LINUX_SLL2, RAW, NULL, PPP, NFLOG, ... */
    readonly link: string;
    /** source MAC (lower-case colon hex), null when the link has none */
    readonly mac_src: string | null;
    /** destination MAC, null when the link has none (SLL, raw IP) */
    readonly mac_dst: string | null;
    /** outermost 802.1Q/802.1ad VLAN id, or null */
    readonly vlan: number | null;
    /** second (inner) VLAN id, or null */
    readonly inner_vlan: number | null;
    /** ethertype of the network layer (e.g. 2048 IPv4, 2054 ARP), or null */
    readonly eth_type: number | null;
    /** IP version 4 or 6, or null for non-IP */
    readonly ip_version: number | null;
    /** IP source address, or null */
    readonly src: string | null;
    /** IP destination address, or null */
    readonly dst: string | null;
    /** IP TTL / hop limit, or null */
    readonly ttl: number | null;
    /** IP total length from the header, or null */
    readonly ip_len: number | null;
    /** transport: 'udp', 'tcp', 'icmp', 'icmp6', 'arp', 'ip' (other), or null */
    readonly proto: string | null;
    /** IP protocol number after IPv6 extension headers, or null */
    readonly ip_proto: number | null;
    /** true for an IP fragment (transport fields only in the first one) */
    readonly fragment: boolean;
    /** UDP/TCP source port, or null */
    readonly sport: number | null;
    /** UDP/TCP destination port, or null */
    readonly dport: number | null;
    /** transport payload length from the headers (UDP length - 8, ...), or null */
    readonly payload_len: number | null;
    /** TCP flags as a number (FIN 1, SYN 2, RST 4, PSH 8, ACK 16), or null */
    readonly tcp_flags: number | null;
    /** ICMP/ICMPv6 type, or null */
    readonly icmp_type: number | null;
    /** ICMP/ICMPv6 code, or null */
    readonly icmp_code: number | null;
  }

  /** An ARP request, reply or malformed ARP packet. */
  interface ArpInfo {
    /** capture time, seconds since the epoch */
    readonly ts: number;
    /** frame number in the capture, from 1 (for tattler.evidence) */
    readonly number: number;
    /** Ethernet source MAC of the frame */
    readonly mac_src: string;
    /** Ethernet destination MAC; 00:00:00:00:00:00 on Linux cooked captures, which carry none */
    readonly mac_dst: string;
    /** sender hardware address (from the ARP header) */
    readonly sha: string;
    /** sender protocol (IPv4) address */
    readonly spa: string;
    /** target hardware address */
    readonly tha: string;
    /** target protocol (IPv4) address */
    readonly tpa: string;
    /** opcode: 1 request, 2 reply, other values only in bad_arp */
    readonly op: number;
    /** outermost VLAN id, or null */
    readonly vlan: number | null;
    /** true when the sender announces its own address: spa equals tpa */
    readonly gratuitous: boolean;
    /** true for an RFC 5227 probe: request with spa 0.0.0.0 */
    readonly probe: boolean;
  }

  /** A connection (flow): identity, state and counters so far, as conn.log reports them. */
  interface ConnInfo {
    /** unique id, 'C' + base62, as in Zeek's conn.log */
    readonly uid: string;
    /** endpoints: id.orig_h, id.orig_p, id.resp_h, id.resp_p */
    readonly id: ConnId;
    /** 'tcp', 'udp', 'icmp' (ICMPv6 too) or 'unknown_transport' */
    readonly proto: string;
    /** IP protocol number from the header (6, 17, 1, 58, ...) */
    readonly ip_proto: number;
    /** application protocol; always null (Tattler has no protocol analyzers) */
    readonly service: string | null;
    /** time of the first packet, seconds since the epoch */
    readonly start_time: number;
    /** seconds from the first to the latest packet that counted */
    readonly duration: number;
    /** payload bytes from the originator so far (TCP: from sequence numbers) */
    readonly orig_bytes: number;
    /** payload bytes from the responder so far (TCP: from sequence numbers) */
    readonly resp_bytes: number;
    /** Zeek's conn_state so far: S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0 RSTRH SH SHR OTH */
    readonly conn_state: string;
    /** true when the originator's address is in the local networks */
    readonly local_orig: boolean;
    /** true when the responder's address is in the local networks */
    readonly local_resp: boolean;
    /** TCP bytes acknowledged but never seen (content gaps) */
    readonly missed_bytes: number;
    /** Zeek's history letters so far (e.g. 'ShADadFf'; upper case: originator) */
    readonly history: string;
    /** packets from the originator so far */
    readonly orig_pkts: number;
    /** IP bytes (IP total length) from the originator so far */
    readonly orig_ip_bytes: number;
    /** packets from the responder so far */
    readonly resp_pkts: number;
    /** IP bytes (IP total length) from the responder so far */
    readonly resp_ip_bytes: number;
  }

  /** The connection's endpoints. */
  interface ConnId {
    /** originator's IP address */
    readonly orig_h: string;
    /** originator's port (ICMP: the type) */
    readonly orig_p: number;
    /** responder's IP address */
    readonly resp_h: string;
    /** responder's port (ICMP: the code or counterpart type) */
    readonly resp_p: number;
  }

  /** An ICMP/ICMPv6 echo message: type, code, length, TTL, identifier and sequence number. */
  interface IcmpInfo {
    /** true for ICMPv6 */
    readonly v6: boolean;
    /** ICMP type: 8 echo request, 0 echo reply (ICMPv6: 128, 129) */
    readonly itype: number;
    /** ICMP code */
    readonly icode: number;
    /** bytes after the 8-byte ICMP header, as the IP header gives them */
    readonly len: number;
    /** IP TTL / hop limit of the message */
    readonly ttl: number;
    /** echo identifier */
    readonly id: number;
    /** echo sequence number */
    readonly seq: number;
  }

  /** An ICMP/ICMPv6 error message: type, code, length, TTL and the quoted packet. */
  interface IcmpError {
    /** true for ICMPv6 */
    readonly v6: boolean;
    /** ICMP type: 3 unreachable, 11 time exceeded (ICMPv6: 1, 3) */
    readonly itype: number;
    /** ICMP code (unreachable: 0 net, 1 host, 3 port, ...; time exceeded: 0 TTL, 1 reassembly) */
    readonly icode: number;
    /** bytes after the 8-byte ICMP header, as the IP header gives them */
    readonly len: number;
    /** IP TTL / hop limit of the message */
    readonly ttl: number;
    /** the packet the error quotes */
    readonly ctx: IcmpContext;
  }

  /** The packet an ICMP error quotes: endpoints, transport, length, fragment bits. */
  interface IcmpContext {
    /** the quoted packet's endpoints (ICMP: type and counterpart as ports); addresses null when the quote is too short */
    readonly id: ConnId;
    /** the quoted packet's IP total length */
    readonly len: number;
    /** the quoted packet's transport: 'tcp', 'udp', 'icmp' or 'unknown_transport' */
    readonly proto: string;
    /** the quoted packet's fragment offset in bytes */
    readonly frag_offset: number;
    /** true when the quote is too short for the IP header and both ports */
    readonly bad_hdr_len: boolean;
    /** true when the quoted IPv4 header's checksum is wrong */
    readonly bad_checksum: boolean;
    /** the quoted packet's More Fragments bit */
    readonly MF: boolean;
    /** the quoted packet's Don't Fragment bit */
    readonly DF: boolean;
  }

  /** A frame sent to a broadcast address. */
  interface BroadcastInfo {
    /** 'directed' (IP to a local network's broadcast address), 'limited' (255.255.255.255) or 'ethernet' (any other frame to ff:ff:ff:ff:ff:ff) */
    readonly kind: string;
    /** capture time, seconds since the epoch */
    readonly ts: number;
    /** source MAC, or null */
    readonly mac_src: string | null;
    /** destination MAC, or null */
    readonly mac_dst: string | null;
    /** IP source address, or null for non-IP frames */
    readonly src: string | null;
    /** IP destination address, or null for non-IP frames */
    readonly dst: string | null;
    /** 'udp', 'tcp', 'icmp', 'arp', 'ip' or null */
    readonly proto: string | null;
    /** UDP/TCP source port, or null */
    readonly sport: number | null;
    /** UDP/TCP destination port, or null */
    readonly dport: number | null;
    /** for 'directed': the local network (CIDR) whose broadcast address it is; else null */
    readonly subnet: string | null;
    /** outermost VLAN id, or null */
    readonly vlan: number | null;
  }

  /** Malformed or unexpected input. */
  interface WeirdInfo {
    /** network time when it was seen, seconds since the epoch */
    readonly ts: number;
    /** stable snake_case name, see docs/weirds.md */
    readonly name: string;
    /** additional detail, or null */
    readonly addl: string | null;
    /** 'packet' for a packet's content, 'capture' for the capture file itself, 'connection' for a connection or fragmented datagram when no packet is at hand (p is then null) */
    readonly source: string;
  }

  /** A notice that was raised and logged (not one that was suppressed). */
  interface NoticeInfo {
    /** network time when it was raised, seconds since the epoch */
    readonly ts: number;
    /** uid of the connection it is about, or null */
    readonly uid: string | null;
    /** endpoints of that connection, or null when the notice names none */
    readonly id: ConnId | null;
    /** transport protocol ('udp', 'tcp', 'icmp', ...), or null */
    readonly proto: string | null;
    /** the notice type, e.g. 'Worm770::Burst' */
    readonly note: string;
    /** human-readable message, or null */
    readonly msg: string | null;
    /** human-readable sub-message (evidence, detail), or null */
    readonly sub: string | null;
    /** source address, or null */
    readonly src: string | null;
    /** destination address, or null */
    readonly dst: string | null;
    /** associated port, or null */
    readonly p: number | null;
    /** associated count, or null */
    readonly n: number | null;
    /** what makes two notices of this type the same, for suppression; or null */
    readonly identifier: string | null;
    /** seconds of network time that same notices are suppressed after this one (0: none) */
    readonly suppress_for: number;
    /** what to do about it (containment advice), or null */
    readonly advice: string | null;
  }

  /** Every event: its name and the handler's arguments (see docs/events.md). */
  interface Events {
    /** Once, before the first packet. */
    tattler_init: () => void;
    /** Once, after the last packet (also at shutdown). */
    tattler_done: () => void;
    /** Every packet whose link header Tattler understands. */
    raw_packet: (p: PacketInfo) => void;
    /** Each well-formed ARP request (opcode 1). */
    arp_request: (arp: ArpInfo) => void;
    /** Each well-formed ARP reply (opcode 2). */
    arp_reply: (arp: ArpInfo) => void;
    /** An ARP packet with an unsupported or inconsistent header, with Zeek's explanation (e.g. 'corrupt-arp-header (hrd=1, hln=255)', 'weird-arp-sha'). */
    bad_arp: (arp: ArpInfo, explanation: string) => void;
    /** Each UDP packet sent by the connection's originator. */
    udp_request: (c: ConnInfo, p: PacketInfo) => void;
    /** Each UDP packet sent by the connection's responder. */
    udp_reply: (c: ConnInfo, p: PacketInfo) => void;
    /** The first packet of a new connection (TCP, UDP, ICMP or another IP protocol), before that packet is counted. */
    new_connection: (c: ConnInfo) => void;
    /** A TCP responder answered the handshake (its SYN-ACK). */
    connection_established: (c: ConnInfo) => void;
    /** A TCP SYN went unanswered for 5 s (the attempt delay); the connection is removed right after (state S0). */
    connection_attempt: (c: ConnInfo) => void;
    /** A connection ends: closed, reset, timed out, evicted at the connection cap, or still open at the end of input. Its conn.log row is written after. */
    connection_state_remove: (c: ConnInfo) => void;
    /** An ICMP or ICMPv6 echo request (ping). */
    icmp_echo_request: (c: ConnInfo, icmp: IcmpInfo) => void;
    /** An ICMP or ICMPv6 echo reply. */
    icmp_echo_reply: (c: ConnInfo, icmp: IcmpInfo) => void;
    /** An ICMP or ICMPv6 destination unreachable; icmp.ctx is the packet it quotes. */
    icmp_unreachable: (c: ConnInfo, icmp: IcmpError) => void;
    /** An ICMP or ICMPv6 time exceeded (e.g. a traceroute hop); icmp.ctx is the packet it quotes. */
    icmp_time_exceeded: (c: ConnInfo, icmp: IcmpError) => void;
    /** Once per broadcast frame: IP to a local network's broadcast address ('directed'), to 255.255.255.255 ('limited'), or any other frame to ff:ff:ff:ff:ff:ff ('ethernet'). */
    broadcast_seen: (b: BroadcastInfo, p: PacketInfo) => void;
    /** Malformed or unexpected input (see docs/weirds.md); p is null when the capture file itself is at fault. */
    weird: (w: WeirdInfo, p: PacketInfo | null) => void;
    /** A notice was raised and written to notice.log (suppressed notices raise nothing). */
    notice: (n: NoticeInfo) => void;
  }
  // ---- END GENERATED ----
}

/** The Tattler API (docs/scripting.md). */
declare const tattler: Tattler.Api;

/** console.log and friends write to Tattler's standard output (errors to standard error). */
interface Console {
  log(...data: any[]): void;
  info(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
  debug(...data: any[]): void;
}
declare var console: Console;
