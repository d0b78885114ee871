locals {
  ä = 1 ü
}
