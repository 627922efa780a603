-- bench/load.lua — wrk script for bench/load.sh: GET /api/v1/search with
-- the bench's mixed queries in rotation (each thread starts at its own
-- place), with the bearer token. Faceted queries ask for the four facets.
-- Environment: LOAD_QUERIES (the queries file), LOAD_TOKEN.

local queries = {}
local token = os.getenv("LOAD_TOKEN") or ""

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

for line in io.lines(os.getenv("LOAD_QUERIES")) do
	local kind, q = line:match("^([^\t]+)\t(.*)$")
	if kind then
		local path = "/api/v1/search?limit=10&q=" .. urlencode(q)
		if kind == "faceted" then path = path .. "&facets=type,year,organ,dossier" end
		queries[#queries + 1] = path
	end
end

local counter = 0
local threads = 0

function setup(thread)
	thread:set("id", threads)
	threads = threads + 1
end

function init(args)
	counter = (id or 0) * 37
end

function request()
	counter = counter + 1
	local path = queries[(counter % #queries) + 1]
	return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
