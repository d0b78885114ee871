# Leading comment
// Slash comment
/* Block comment */

/*
 * Multi-line
 *   block comment keeps its inside
 */
resource "x" "y" { # after brace
  a = 1 # one
  bbb = 2 // two
  cc = 3 /* three */
  # own line
    # misindented comment
  d = "x"     #    spaced
}
