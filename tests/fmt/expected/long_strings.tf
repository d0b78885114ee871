locals {
  very_long_attribute_name_that_goes_on = "short"
  x                                     = "a string with    internal   spaces that stay"
  url                                   = "https://example.invalid/path?query=1&other=2"
}
