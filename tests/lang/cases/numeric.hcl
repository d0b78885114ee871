# Numeric functions: abs ceil floor log max min parseint pow signum.

abs(-12.4)
abs(0)
abs(23)
abs(-9007199254740993)
abs("-3")
abs("x")
abs(null)
ceil(5.1)
ceil(5)
ceil(-5.9)
ceil(0.0000001)
ceil("1.5")
floor(4.9)
floor(-4.1)
floor(5)
floor(1e20 + 0.5)
log(50, 10)
log(16, 2)
log(1, 10)
log(100, 10)
log(8, 2)
log(0, 10) < -1e308
log(-1, 10)
log(10, 1) > 1e308
max(12, 54, 3)
max(-1, -5)
max([12, 54, 3]...)
max("5", 3)
max()
max(1, "a")
min(12, 54, 3)
min([3, 1.5]...)
min(0.1, 0.2)
min()
parseint("100", 10)
parseint("FF", 16)
parseint("ff", 16)
parseint("-10", 16)
parseint("1011111011101111", 2)
parseint("aA", 62)
parseint("12", 2)
parseint("10", 1)
parseint("10", 63)
parseint("0x10", 16)
parseint("", 10)
parseint("zzzzzzzzzzzzzzzzzzzzzzzz", 36)
parseint(" 1", 10)
parseint("+5", 10)
pow(3, 2)
pow(4, 0)
pow(2, -1)
pow(2, 0.5)
pow(0, 0)
pow(-8, 1 / 3)
pow(2, 64)
pow(10, 30)
pow(1.5, 2)
signum(-13)
signum(0)
signum(344)
signum(-0.5)
signum("2")

# --- number formatting and range limits
-0.0
0 * -1
1e-7
123456789.123456789
0.1 * 3
1e21
1e400 > 1
2e-400 > 0
1.0000000000000000000001
100000000000000000000000000000000000000001 - 1
tostring(0.1 + 0.2)
"${1.0}"
"${1e3}"
signum(1e30)
floor(-0.5)
ceil(-0.5)
abs(-0)
