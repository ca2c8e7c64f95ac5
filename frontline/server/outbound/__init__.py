"""Outbound: reaching the people who never open the app (issue 14, points 2-4).

| module | job |
|---|---|
| `events` | what a write path calls, in its own transaction: webhook deliveries and alerts |
| `webhooks` | endpoints (add, list, remove), their deliveries, the signed request |
| `outbox` | the durable outbox: claiming due rows, retries with backoff, giving up |
| `mail` | e-mail messages and sending them over SMTP |
| `alerts` | alert e-mails to the managers of a store (switch risk, severity 5) |
| `digest` | the weekly digest of each leader and manager, from `insights` |
| `worker` | the background thread of the serving process that sends it all |
| `routes`, `commands` | the admin API and the `frontline-server` commands |

See docs/outbound.md.
"""
