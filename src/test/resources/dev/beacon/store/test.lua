-- A script for LuaScriptsTests: answers its first argument
return tonumber(ARGV[1])
