# Arithmetic, comparison and logical operators, precedence, operand conversion.

# --- arithmetic
1 + 2
7 - 10
6 * 7
1 / 3
2 / 3
10 / 4
10 / 5
-7 / 2
# 1/0 is +Inf: valid inside an expression, but Terraform cannot store it as an output
# ("Failed to save state"), so only comparisons with it are checked here.
1 / 0 > 1e308
-1 / 0 < -1e308
1 / 0 == 1 / 0
floor(1 / 0) > 0
0 / 0
7 % 3
-7 % 3
7 % -3
7.5 % 2
5 % 0
2 * 3 + 4
2 + 3 * 4
(2 + 3) * 4
10 - 2 - 3
100 / 10 / 5
-(3)
- -3
-0
1e3
1.5e-3
2.50
0.1 + 0.2
0.3 - 0.1
1.1 * 1.1
9007199254740993 + 1
9007199254740993
18446744073709551616 * 2
123456789012345678901234567890 + 1
0.000000000000000000001 * 1000
1e308 * 10
3.0
3.0 == 3
1 / 3 * 3

# --- operand conversion
"1" + 2
"1.5" * 2
"0x10" + 1
"abc" + 1
true + 1
null + 1
1 + [1]
-"5"
-true

# --- comparison
1 < 2
2 <= 2
3 > 4
"10" > 9
"a" < "b"
1 == 1.0
"1" == 1
"true" == true
true == true
[1, 2] == [1, 2]
[1, 2] == tolist([1, 2])
{a = 1} == {a = 1}
{a = 1} == tomap({a = 1})
null == null
"" == null
[] == []
[] == tolist([])
1 != 2
"a" != "a"
local.nothing == null
var.maybe == null

# --- logic
true && false
true || false
!true
!false
true && !false || false
false || true && false
true && "true"
"false" || false
1 && true
null && true
!null
true || null
false && null
