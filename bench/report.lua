-- wrk script for the durable-write scenario of make bench: every request submits one progress
-- report (POST /api/v1/items/ID/reports) from a precomputed tuple, so no tuple repeats in a
-- run and every answer should be 201.
--
-- Environment:
--   BENCH_TUPLES   a file of lines "SESSION_TOKEN CSRF_TOKEN ITEM_ID PERIOD" (required)
--   BENCH_THREADS  wrk's -t, so each thread takes every THREADS-th tuple
--   BENCH_CONNS    wrk's -c, so a thread stops before its share runs out
--   BENCH_ACKS     optional: each thread appends "REPORT_ID ITEM_ID PERIOD" of every 201 to
--                  BENCH_ACKS.N (N = thread number), flushed at once, for the durability check
--
-- Each request is formatted once, in init (before wrk starts its clock), so what the load
-- generator spends per request — on the same cores as the server — is a table lookup.
--
-- done() prints one line: "statuses: 201=N other=N unsent=N tuples=N" (unsent: requests
-- that found no tuple left and were sent as GET /api/v1/health instead, not counted as
-- writes; other: every answer that is not 201).

local threads = {}
local counter = 0

function setup(thread)
   thread:set("index", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local mine = {}
local next_tuple = 1
local margin = 2
created, other, unsent, ntuples = 0, 0, 0, 0
local acks = nil

local text = "本月按计划推进：完成阶段目标的既定工作量，召开专题推进会一次，" ..
   "协调解决用地和资金问题两项，下月继续跟踪落实并报送佐证材料。"

function init(args)
   local path = os.getenv("BENCH_TUPLES")
   local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
   local conns = tonumber(os.getenv("BENCH_CONNS") or "1")
   margin = 2 * math.ceil(conns / stride) + 2
   local f = assert(io.open(path, "r"))
   local n = 0
   for line in f:lines() do
      if n % stride == index then
         local token, csrf, item, period = line:match("^(%S+) (%S+) (%d+) (%S+)$")
         if token then
            local k = #mine + 1
            local body = string.format('{"period":"%s","text":"%s","progress":%d,"submit":true}',
               period, text, (k + 1) % 101)
            mine[k] = wrk.format("POST", "/api/v1/items/" .. item .. "/reports", {
               ["Cookie"] = "ld_session=" .. token,
               ["X-CSRF-Token"] = csrf,
               ["Content-Type"] = "application/json",
            }, body)
         end
      end
      n = n + 1
   end
   f:close()
   ntuples = #mine
   local ackpath = os.getenv("BENCH_ACKS")
   if ackpath and ackpath ~= "" then
      acks = assert(io.open(ackpath .. "." .. index, "a"))
   end
end

function request()
   local t = mine[next_tuple]
   if not t then
      unsent = unsent + 1
      return wrk.format("GET", "/api/v1/health")
   end
   next_tuple = next_tuple + 1
   return t
end

function response(status, headers, body)
   if status == 201 then
      created = created + 1
      if acks then
         local id, item, period = body:match('^{"id":(%d+),"item_id":(%d+),"period":"([%d-]+)"')
         acks:write(id or "?", " ", item or "?", " ", period or "?", "\n")
         acks:flush()
      end
   elseif status ~= 200 then
      other = other + 1
   end
   -- stop while the tuples left still cover the requests in flight
   if #mine - next_tuple < margin then
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local c, o, u, n = 0, 0, 0, 0
   for _, t in ipairs(threads) do
      c = c + t:get("created")
      o = o + t:get("other")
      u = u + t:get("unsent")
      n = n + t:get("ntuples")
   end
   io.write(string.format("statuses: 201=%d other=%d unsent=%d tuples=%d\n", c, o, u, n))
end
