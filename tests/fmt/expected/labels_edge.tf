resource "" "empty" {}
resource "a" {}
resource "$" "b" {}
resource "c" {}
resource "%" "d" {}
resource "esc\\aped" "e" {}
resource "nbsp\u00a0x" "f" {}
resource "emoji😀" "g" {}
resource "x-y" "h" {}
