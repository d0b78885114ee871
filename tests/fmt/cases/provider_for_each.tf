provider "kubernetes" {
  alias = "by_cluster"
  for_each = var.clusters
  host = each.value.host
  cluster_ca_certificate = base64decode(each.value.ca)
}
module "app" {
  source = "./app"
  for_each = var.clusters
  providers = {
    kubernetes = kubernetes.by_cluster[each.key]
  }
}
