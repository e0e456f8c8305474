-- wrk script: mixed reads and writes on smartspec serve.
-- 9 in 10 requests read a region profile (one of a few regions), 1 in 10
-- creates a priority with the token in the TOKEN environment variable.
local regions = {"ITC1", "DE21", "PL21", "FR10", "ES51", "AT11", "SE11", "CZ01"}
local token = os.getenv("TOKEN")
local n = 0

request = function()
  n = n + 1
  if n % 10 == 0 then
    local body = '{"region":"ITC1","title":"load ' .. n .. '","economic_domains":["C29"]}'
    return wrk.format("POST", "/v1/priorities",
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", "/v1/regions/" .. regions[(n % #regions) + 1] .. "/profile")
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
