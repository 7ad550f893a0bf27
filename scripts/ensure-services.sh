#!/usr/bin/env bash
# Starts the local brokers the adapter tests talk to, when one is not answering.
# Run by the broker tests' global setup (npm test); safe to run by hand (root, Debian packages installed).
set -u

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local name=$1 port=$2
  for _ in $(seq 1 50); do port_open "$port" && return 0; sleep 0.2; done
  echo "ensure-services: $name did not come up on 127.0.0.1:$port" >&2
  return 1
}

status=0
if ! port_open 6379; then
  echo "ensure-services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_port Redis 6379 || status=1
fi
if ! port_open 4222; then
  echo "ensure-services: starting NATS"
  # A pid file of its own: without one, start-stop-daemon takes any running
  # nats-server (a test's private one, on another port) for this one and starts nothing.
  start-stop-daemon --start --oknodo --background --make-pidfile --pidfile /run/call-invitation-nats-4222.pid \
    --exec "$(command -v nats-server || echo /usr/sbin/nats-server)" -- -a 127.0.0.1 -p 4222
  wait_port NATS 4222 || status=1
fi
if ! port_open 1883; then
  echo "ensure-services: starting Mosquitto"
  mosquitto -d -c /etc/mosquitto/mosquitto.conf
  wait_port Mosquitto 1883 || status=1
fi
exit $status
