-- wrk script: post comments, each with words and an address of its own.
-- Usage: wrk ... -s bench/post.lua URL -- /articles/<slug>/comments/ <token> <origin> <run id>
local path, token, origin
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
  path, token, origin = args[1], args[2], args[3]
  prefix = args[#args] .. "-" .. id .. "-"
end

function request()
  counter = counter + 1
  local body = "name=Bench+Reader&email=bench" .. prefix .. counter .. "%40example.com&website=&parent="
    .. "&hp_7q=&token=" .. token .. "&comment=Benchmark+comment+number+" .. prefix .. counter
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin, ["Sec-Fetch-Site"] = "same-origin",
  }, body)
end
