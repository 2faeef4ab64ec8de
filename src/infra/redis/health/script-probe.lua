-- Answers 1: proves that scripts run (used by the tests of RedisScript).
return 1
