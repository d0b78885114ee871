resource "kubernetes_deployment_v1" "app" {
  metadata {
    name = "app"
    labels = {
      app = "web"
    }
  }
  spec {
    replicas = 3
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name = "web"
          image = "nginx:1.25"
          port {
            container_port = 80
          }
          env {
            name = "MODE"
            value = "prod"
          }
          resources {
            limits = {
              cpu = "500m"
              memory = "512Mi"
            }
          }
        }
      }
    }
  }
}
