import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { HttpsTunnelAgent, HttpTunnelAgent } from './proxy-tunnel-agent.js';
import type { S3Settings } from './s3-settings.js';

/**
 * One attempt per SDK call (`maxAttempts: 1`): our retry layer decides, so `retry.enabled=false`
 * really means no retry. Keep-alive agents sized for `concurrentConnections` parallel parts.
 */
export function createS3Client(settings: S3Settings, concurrentConnections: number): S3Client {
  const maxSockets = Math.max(50, concurrentConnections * 8);
  const proxy = settings.proxy;
  const config: S3ClientConfig = {
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    maxAttempts: 1,
    requestChecksumCalculation: settings.requestChecksumCalculation,
    responseChecksumValidation: settings.responseChecksumValidation,
    requestHandler: {
      httpAgent: proxy ? new HttpTunnelAgent(proxy) : { keepAlive: true, maxSockets },
      httpsAgent: proxy ? new HttpsTunnelAgent(proxy) : { keepAlive: true, maxSockets },
      connectionTimeout: 30_000,
    },
  };
  return new S3Client(config);
}
