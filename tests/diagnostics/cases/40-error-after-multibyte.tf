locals {
  ünïcödé = "ö" @
}
