resource 123 "b" {
}
