-- worm770.lua — the same burst detection as Tattler's bundled worm770.js, as a tshark Lua tap,
-- for the whole-run benchmark (bench/run-benchmarks.sh): 5 UDP packets from port 770 to
-- consecutive ports, 28-byte payloads, within 1 s, to the same destination, each burst at most
-- 0.5 s after a legitimate UDP packet from the same host to that destination.
--   tshark -q -r FILE -X lua_script:bench/worm770.lua
local f_src = Field.new("ip.src")
local f_dst = Field.new("ip.dst")
local f_sport = Field.new("udp.srcport")
local f_dport = Field.new("udp.dstport")
local f_len = Field.new("udp.length")

local PORT, SIZE, PAYLOAD, WINDOW, LINK = 770, 5, 28, 1.0, 0.5
local legit, cand, linked = {}, {}, {}

local tap = Listener.new("udp", "ip")
function tap.packet(pinfo)
  local src, dst = tostring(f_src()), tostring(f_dst())
  local sport, dport, len = f_sport().value, f_dport().value, f_len().value
  local ts = pinfo.abs_ts
  local key = src .. ">" .. dst
  if sport ~= PORT then
    legit[key] = ts
    return
  end
  if len - 8 ~= PAYLOAD then cand[key] = nil return end
  local c = cand[key]
  if c and ts - c.start <= WINDOW and dport == (c.last + 1) % 65536 then
    c.n, c.last = c.n + 1, dport
  else
    c = { start = ts, last = dport, n = 1 }
    cand[key] = c
  end
  if c.n == SIZE then
    cand[key] = nil
    local l = legit[key]
    if l and c.start - l >= 0 and c.start - l <= LINK then
      linked[src] = (linked[src] or 0) + 1
    end
  end
end

function tap.draw()
  for host, n in pairs(linked) do
    if n >= 2 then print(string.format("Worm770::Infected_Host %s %d bursts", host, n)) end
  end
end
