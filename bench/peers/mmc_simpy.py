"""M/M/c in SimPy, the peer model for bench/peers/run-peers.ts.

    /usr/bin/python3 bench/peers/mmc_simpy.py --probe
    /usr/bin/python3 bench/peers/mmc_simpy.py --api classic --servers 16 --jobs 200000 --seed 1

Written the way SimPy's own examples write it: a source process that creates
one customer process per arrival and holds for an exponential gap; each
customer requests a Resource of c units, holds for an exponential service
time and releases it. Arrivals stop after --jobs and the run drains, so
arrivals + completions = 2 * jobs model events.

Two APIs, because Debian packages SimPy 2 (python3-simpy is 2.3.1, the
"classic" API: `from SimPy.Simulation import ...`, `yield hold, self, t`)
while pip's simpy is 3 or 4 (the "modern" API: `simpy.Environment`).
--probe prints which of them this interpreter can import.

Only the model run is timed (time.perf_counter around building and running
the model, not interpreter start-up or imports). Prints one JSON object.
"""

import argparse
import json
import platform
import random
import sys
import time


def probe():
    apis = {}
    try:
        import SimPy

        apis["classic"] = getattr(SimPy, "__version__", "2.x")
    except ImportError:
        pass
    try:
        import simpy

        version = getattr(simpy, "__version__", None)
        # simpy reads its version from installed package metadata; run from a
        # source tree beside Debian's package it would report SimPy 2's.
        apis["modern"] = version if version and not version.startswith("2.") else "3+ (unlabelled)"
    except ImportError:
        pass
    return apis


def run_classic(servers, rho, jobs, seed):
    """SimPy 2, object-oriented API (one Simulation instance, sim=... everywhere)."""
    from SimPy.Simulation import Process, Resource, Simulation, hold, release, request

    rng = random.Random(seed)
    lam = rho * servers
    mu = 1.0
    stats = {"arrivals": 0, "completions": 0, "wait": 0.0}

    class Customer(Process):
        def visit(self, counter, service):
            arrive = self.sim.now()
            yield request, self, counter
            stats["wait"] += self.sim.now() - arrive
            yield hold, self, service
            yield release, self, counter
            stats["completions"] += 1

    class Source(Process):
        def generate(self, counter):
            for _ in range(jobs):
                yield hold, self, rng.expovariate(lam)
                customer = Customer(sim=self.sim)
                self.sim.activate(customer, customer.visit(counter, rng.expovariate(mu)))
                stats["arrivals"] += 1

    start = time.perf_counter()
    sim = Simulation()
    counter = Resource(capacity=servers, sim=sim)
    source = Source(sim=sim)
    sim.activate(source, source.generate(counter))
    sim.simulate(until=float("inf"))
    seconds = time.perf_counter() - start
    # Each event notice posted to the heap decrements the sequence counter _sortpr.
    return stats, seconds, -sim._sortpr


def run_modern(servers, rho, jobs, seed):
    """SimPy 3 / 4."""
    import simpy

    rng = random.Random(seed)
    lam = rho * servers
    mu = 1.0
    stats = {"arrivals": 0, "completions": 0, "wait": 0.0}

    def customer(env, counter, service):
        arrive = env.now
        with counter.request() as req:
            yield req
            stats["wait"] += env.now - arrive
            yield env.timeout(service)
        stats["completions"] += 1

    def source(env, counter):
        for _ in range(jobs):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(env, counter, rng.expovariate(mu)))
            stats["arrivals"] += 1

    start = time.perf_counter()
    env = simpy.Environment()
    counter = simpy.Resource(env, capacity=servers)
    env.process(source(env, counter))
    env.run()
    seconds = time.perf_counter() - start
    # Every scheduled event takes the next id from the environment's counter.
    return stats, seconds, next(env._eid)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--probe", action="store_true", help="print the importable SimPy APIs and exit")
    parser.add_argument("--api", choices=["classic", "modern"], default="classic")
    parser.add_argument("--servers", type=int, default=16)
    parser.add_argument("--rho", type=float, default=0.9)
    parser.add_argument("--jobs", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    apis = probe()
    if args.probe:
        print(json.dumps({"python": platform.python_version(), "executable": sys.executable, "apis": apis}))
        return 0
    if args.api not in apis:
        print(f"SimPy ({args.api} API) is not importable by {sys.executable}", file=sys.stderr)
        return 3

    run = run_classic if args.api == "classic" else run_modern
    stats, seconds, kernel_events = run(args.servers, args.rho, args.jobs, args.seed)
    print(
        json.dumps(
            {
                "api": args.api,
                "simpy": apis[args.api],
                "python": platform.python_version(),
                "servers": args.servers,
                "jobs": args.jobs,
                "arrivals": stats["arrivals"],
                "completions": stats["completions"],
                "kernelEvents": kernel_events,
                "seconds": seconds,
                "meanWaitS": stats["wait"] / max(1, stats["completions"]),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
