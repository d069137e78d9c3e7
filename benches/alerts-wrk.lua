-- Request generator for benches/alerts-wrk.sh: Alertmanager-like webhook bodies.
-- Each request is one group (alertname + service) with 1-3 alerts. Most are resends
-- of known alert instances; ~2% carry a fresh instance (new startsAt); ~8% are alerts
-- no rule matches.
local services = 200
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  math.randomseed(os.time() + id * 7919)
end

local function alert(service, pod, starts, automation, fp)
  return string.format(
    '{"status":"firing","labels":{"alertname":"HighErrorRate","automation":"%s","env":"prod","namespace":"prod","pod":"svc-%d-%d","service":"svc-%d","severity":"critical"},' ..
    '"annotations":{"runbook_url":"https://runbooks.example/svc-%d","summary":"svc-%d 5xx ratio above 5%%"},' ..
    '"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example:9090/graph?g0.expr=job%%3Asvc_errors%%3Aratio5m+%%3E+0.05","fingerprint":"%s"}',
    automation, service, pod, service, service, service, starts, fp)
end

request = function()
  counter = counter + 1
  local s = math.random(1, services)
  local automation = "auto-rollback"
  if math.random() < 0.08 then automation = "none" end
  local starts = "2026-11-22T10:05:35.866647345Z"
  if math.random() < 0.02 then
    starts = string.format("2026-11-22T11:%02d:%02d.%09dZ", thread_id % 60, counter % 60, counter)
  end
  local n = math.random(1, 3)
  local alerts = {}
  for p = 1, n do
    alerts[p] = alert(s, p, starts, automation, string.format("%08x%08x", s, p))
  end
  local body = '{"receiver":"devplat","status":"firing","alerts":[' .. table.concat(alerts, ",") ..
    '],"groupLabels":{"alertname":"HighErrorRate","service":"svc-' .. s .. '"},' ..
    '"commonLabels":{"alertname":"HighErrorRate","automation":"' .. automation .. '","env":"prod","namespace":"prod","service":"svc-' .. s .. '","severity":"critical"},' ..
    '"commonAnnotations":{"summary":"svc-' .. s .. ' 5xx ratio above 5%"},"externalURL":"http://alertmanager.example:9093","version":"4",' ..
    '"groupKey":"{}/{automation=~\\"auto-rollback|auto-scale\\",severity=\\"critical\\"}:{alertname=\\"HighErrorRate\\", service=\\"svc-' .. s .. '\\"}","truncatedAlerts":0}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-token", ["User-Agent"] = "Alertmanager/0.25.0"}, body)
end
