-- wrk script: GET one path with a query string of its own each time, so that neither
-- Varnish nor the page cache has it: every request is a render.
-- Usage: wrk ... -s bench/unique.lua URL -- /articles/<slug>/ <run id>
local path
local counter = 0
local prefix = ""
local threads = 0

-- Each thread numbers its requests from a range of its own, and each run from a new
-- place (the run's id is the last argument), so no two requests are the same.
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  path = args[1]
  prefix = args[#args] .. "-" .. id .. "-"
end

function request()
  counter = counter + 1
  return wrk.format("GET", path .. "?bench=" .. prefix .. counter)
end
