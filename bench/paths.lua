-- wrk script: request the paths listed in a file (one per line), round robin.
-- Usage: wrk ... -s bench/paths.lua http://127.0.0.1:8006 -- paths.txt
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Each thread starts at a different place so threads do not move in lock step.
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
