-- wrk script: one GET to args[2] per request, with the Bearer tokens of the file args[1] in turn
-- (requests are formatted once, in init, so that the load generator stays cheap).
local requests = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("GET", args[2], { ["Authorization"] = "Bearer " .. line })
    end
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
