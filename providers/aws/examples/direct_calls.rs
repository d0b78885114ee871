//! The benchmark's baseline: the AWS SDK calls the provider makes to create
//! and read back N buckets, N queues and N alarms, made directly with at most
//! P in flight. Usage: `direct_calls ENDPOINT REGION N P PREFIX`; prints the
//! wall-clock seconds.

use std::sync::Arc;
use std::time::Instant;

use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use futures::stream::{self, StreamExt};

#[derive(Clone)]
struct Clients {
    s3: aws_sdk_s3::Client,
    sqs: aws_sdk_sqs::Client,
    cw: aws_sdk_cloudwatch::Client,
}

async fn bucket(c: &Clients, name: String) -> Result<(), String> {
    c.s3.create_bucket()
        .bucket(&name)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    c.s3.get_bucket_location()
        .bucket(&name)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let _ = c.s3.get_bucket_tagging().bucket(&name).send().await;
    let _ =
        c.s3.get_object_lock_configuration()
            .bucket(&name)
            .send()
            .await;
    Ok(())
}

async fn queue(c: &Clients, name: String) -> Result<(), String> {
    let out = c
        .sqs
        .create_queue()
        .queue_name(&name)
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout,
            "30",
        )
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let url = out.queue_url().unwrap_or_default().to_string();
    c.sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::All)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    c.sqs
        .list_queue_tags()
        .queue_url(&url)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn alarm(c: &Clients, name: String) -> Result<(), String> {
    c.cw.put_metric_alarm()
        .alarm_name(&name)
        .comparison_operator(aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold)
        .evaluation_periods(1)
        .metric_name("CPUUtilization")
        .namespace("AWS/EC2")
        .period(60)
        .statistic(aws_sdk_cloudwatch::types::Statistic::Average)
        .threshold(80.0)
        .actions_enabled(true)
        .treat_missing_data("missing")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let out =
        c.cw.describe_alarms()
            .alarm_names(&name)
            .send()
            .await
            .map_err(|e| e.to_string())?;
    if let Some(arn) = out.metric_alarms().first().and_then(|a| a.alarm_arn()) {
        c.cw.list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: direct_calls ENDPOINT REGION N P PREFIX");
        std::process::exit(2);
    }
    let (endpoint, region) = (args[1].clone(), args[2].clone());
    let n: usize = args[3].parse().unwrap_or(0);
    let p: usize = args[4].parse().unwrap_or(1);
    let prefix = args[5].clone();
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "bench"))
        .http_client(
            aws_smithy_http_client::Builder::new()
                .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                    aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https(),
        )
        .endpoint_url(endpoint)
        .load()
        .await;
    let clients = Arc::new(Clients {
        s3: aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(true)
                .build(),
        ),
        sqs: aws_sdk_sqs::Client::new(&config),
        cw: aws_sdk_cloudwatch::Client::new(&config),
    });
    let start = Instant::now();
    let jobs: Vec<(usize, usize)> = (0..n).map(|i| (i % 3, i)).collect();
    let failures: Vec<String> = stream::iter(jobs)
        .map(|(kind, i)| {
            let c = clients.clone();
            let name = format!("{prefix}-{i}");
            async move {
                match kind {
                    0 => bucket(&c, name).await,
                    1 => queue(&c, name).await,
                    _ => alarm(&c, name).await,
                }
            }
        })
        .buffer_unordered(p)
        .filter_map(|r| async move { r.err() })
        .collect()
        .await;
    if let Some(f) = failures.first() {
        eprintln!("{} calls failed, first: {f}", failures.len());
        std::process::exit(1);
    }
    println!("{:.3}", start.elapsed().as_secs_f64());
}
