locals {
  café = 1 # accented name
  naïve_value = 2 # ident with diaeresis
  emoji = "👍👍" # two emoji
  flag = "🇩🇪" # one grapheme, two code points
  x = "ü" # end
  map = {
    "ключ" = 1 # cyrillic key
    k = 2 # plain
  }
}
