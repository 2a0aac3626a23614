-- wrk script for the login scenario of make bench: POST /api/v1/session with the right
-- password, rotating over the demo accounts named in BENCH_USERS (space-separated).
-- done() prints "statuses: 200=N 429=N other=N": the server limits logins, so a 429 is an
-- expected answer, counted apart from the logins that succeeded (each one an Argon2id check
-- and a session written).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

local bodies = {}
local k = 0
ok, limited, other = 0, 0, 0

function init(args)
   local users = os.getenv("BENCH_USERS") or "county_filler"
   local password = os.getenv("BENCH_PASSWORD") or "Liandong@2026"
   for u in users:gmatch("%S+") do
      bodies[#bodies + 1] = string.format('{"username":"%s","password":"%s"}', u, password)
   end
end

function request()
   k = k % #bodies + 1
   return wrk.format("POST", "/api/v1/session", {["Content-Type"] = "application/json"}, bodies[k])
end

function response(status, headers, body)
   if status == 200 then
      ok = ok + 1
   elseif status == 429 then
      limited = limited + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local a, b, c = 0, 0, 0
   for _, t in ipairs(threads) do
      a = a + t:get("ok")
      b = b + t:get("limited")
      c = c + t:get("other")
   end
   io.write(string.format("statuses: 200=%d 429=%d other=%d\n", a, b, c))
end
