// Written by scripts/write-scenario-plan.ts from the zod schema (schema.ts): do not edit.
// After changing the schema, run: npx tsx scripts/write-scenario-plan.ts
import type { Plan } from './parse-plan.js';

/** At sites[].pools[].pricing, providers.*.pricing. */
const sharedPart1: Plan = {
  "type": "optional",
  "inner": {
    "type": "object",
    "fields": [
      [
        "dynamic",
        {
          "type": "object",
          "fields": [
            ["base",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
            [
              "curve",
              {
                "type": "array",
                "element": {
                  "type": "tuple",
                  "items": [
                    {"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1}]},
                    {"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000}]},
                  ],
                },
                "checks": [{"op":"min-length","value":1}],
              },
            ],
            ["intervalS",{"type":"default","value":300,"inner":{"type":"number","checks":[{"op":">=","value":1},{"op":"<=","value":1000000000000}]}}],
            ["of",{"type":"default","value":"pool","inner":{"type":"oneOf","values":["pool","provider"]}}],
          ],
        },
      ],
    ],
  },
};

/** At sites[].pools[].elastic.bootS, classes.*.work. */
const sharedPart2: Plan = {
  "type": "tagged",
  "tag": "dist",
  "options": {
    "constant": {
      "type": "object",
      "fields": [["dist",{"type":"oneOf","values":["constant"]}],["value",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}]],
    },
    "exponential": {
      "type": "object",
      "fields": [["dist",{"type":"oneOf","values":["exponential"]}],["mean",{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}]],
    },
    "lognormal": {
      "type": "object",
      "fields": [
        ["dist",{"type":"oneOf","values":["lognormal"]}],
        ["mean",{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}],
        ["cv",{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":100}]}],
      ],
    },
    "uniform": {
      "type": "object",
      "fields": [
        ["dist",{"type":"oneOf","values":["uniform"]}],
        ["min",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}],
        ["max",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}],
      ],
    },
    "pareto": {
      "type": "object",
      "fields": [
        ["dist",{"type":"oneOf","values":["pareto"]}],
        ["alpha",{"type":"number","checks":[{"op":">=","value":0.1},{"op":"<=","value":1000000}]}],
        ["xm",{"type":"optional","inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}}],
        ["mean",{"type":"optional","inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}}],
      ],
    },
    "empirical": {
      "type": "object",
      "fields": [
        ["dist",{"type":"oneOf","values":["empirical"]}],
        [
          "values",
          {
            "type": "optional",
            "inner": {
              "type": "array",
              "element": {"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]},
              "checks": [{"op":"min-length","value":1}],
            },
          },
        ],
        ["file",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1}]}}],
        ["column",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
      ],
    },
  },
};

/** The scenario schema as a plan: what `parseByPlan` checks and fills in without zod (see parse-plan.ts). */
export const scenarioPlan: Plan = {
  "type": "object",
  "fields": [
    ["name",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
    ["description",{"type":"optional","inner":{"type":"string"}}],
    ["seed",{"type":"default","value":1,"inner":{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":0},{"op":"<=","value":9007199254740991}]}}],
    ["horizon",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000000000}]}}],
    ["drain",{"type":"default","value":false,"inner":{"type":"boolean"}}],
    ["warmupS",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}}],
    ["oracle",{"type":"default","value":false,"inner":{"type":"boolean"}}],
    ["onNodeFailure",{"type":"default","value":"requeue","inner":{"type":"oneOf","values":["requeue","fail"]}}],
    [
      "circles",
      {
        "type": "default",
        "value": {"city":1,"region":5,"national":20},
        "inner": {"type":"record","value":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000}]}},
      },
    ],
    [
      "chips",
      {
        "type": "record",
        "value": {
          "type": "object",
          "fields": [
            ["kind",{"type":"oneOf","values":["cpu","gpu","asic","npu","fpga"]}],
            ["memGiB",{"type":"optional","inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000}]}}],
          ],
        },
      },
    ],
    [
      "regions",
      {
        "type": "array",
        "element": {
          "type": "object",
          "fields": [
            ["name",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
            ["lat",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":-90},{"op":"<=","value":90}]}}],
            ["lon",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":-180},{"op":"<=","value":180}]}}],
          ],
        },
        "checks": [{"op":"min-length","value":1}],
      },
    ],
    [
      "sites",
      {
        "type": "array",
        "element": {
          "type": "object",
          "fields": [
            [
              "from",
              {
                "type": "optional",
                "inner": {
                  "type": "object",
                  "fields": [
                    ["format",{"type":"oneOf","values":["csv","alibaba-nodes"]}],
                    ["file",{"type":"string","checks":[{"op":"min-length","value":1}]}],
                    ["site",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
                    ["region",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
                    ["cpuChip",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
                    [
                      "prices",
                      {"type":"optional","inner":{"type":"record","value":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}},
                    ],
                  ],
                },
              },
            ],
            ["name",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
            ["repeat",{"type":"optional","inner":{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]}}],
            ["region",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
            ["lat",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":-90},{"op":"<=","value":90}]}}],
            ["lon",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":-180},{"op":"<=","value":180}]}}],
            ["provider",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
            ["dataFeePerGB",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
            [
              "pools",
              {
                "type": "optional",
                "inner": {
                  "type": "array",
                  "element": {
                    "type": "object",
                    "fields": [
                      ["name",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
                      ["chip",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
                      ["nodes",{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":0},{"op":"<=","value":2147483647}]}],
                      [
                        "chipsPerNode",
                        {"type":"default","value":1,"inner":{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":1000}]}},
                      ],
                      ["cpuCores",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
                      ["memGiB",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
                      ["pricePerChipHour",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
                      [
                        "priceSchedule",
                        {
                          "type": "optional",
                          "inner": {
                            "type": "object",
                            "fields": [
                              [
                                "periodS",
                                {"type":"default","value":86400,"inner":{"type":"number","checks":[{"op":">=","value":1},{"op":"<=","value":1000000000000}]}},
                              ],
                              [
                                "steps",
                                {
                                  "type": "array",
                                  "element": {
                                    "type": "object",
                                    "fields": [
                                      ["atS",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}],
                                      ["price",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}],
                                    ],
                                  },
                                  "checks": [{"op":"min-length","value":1}],
                                },
                              ],
                            ],
                          },
                        },
                      ],
                      [
                        "priceSeries",
                        {
                          "type": "optional",
                          "inner": {
                            "type": "object",
                            "fields": [
                              ["file",{"type":"string","checks":[{"op":"min-length","value":1}]}],
                              [
                                "timeColumn",
                                {"type":"default","value":"t","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}},
                              ],
                              [
                                "priceColumn",
                                {
                                  "type": "default",
                                  "value": "price",
                                  "inner": {"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]},
                                },
                              ],
                            ],
                          },
                        },
                      ],
                      ["pricing",sharedPart1],
                      [
                        "powerWatts",
                        {
                          "type": "default",
                          "value": {"idle":0,"busy":0},
                          "inner": {
                            "type": "object",
                            "fields": [
                              ["idle",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}],
                              ["busy",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}],
                            ],
                          },
                        },
                      ],
                      [
                        "failures",
                        {
                          "type": "optional",
                          "inner": {
                            "type": "object",
                            "fields": [
                              ["mtbfHours",{"type":"number","checks":[{"op":">=","value":0.0001},{"op":"<=","value":277777777.7777778}]}],
                              ["repairHours",{"type":"number","checks":[{"op":">=","value":0.0001},{"op":"<=","value":277777777.7777778}]}],
                            ],
                          },
                        },
                      ],
                      [
                        "elastic",
                        {
                          "type": "optional",
                          "inner": {
                            "type": "object",
                            "fields": [
                              [
                                "minNodes",
                                {
                                  "type": "default",
                                  "value": 0,
                                  "inner": {"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":0},{"op":"<=","value":2147483647}]},
                                },
                              ],
                              ["maxNodes",{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]}],
                              ["bootS",sharedPart2],
                              [
                                "shutdownS",
                                {"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}},
                              ],
                              [
                                "idleTimeoutS",
                                {"type":"default","value":600,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}},
                              ],
                              [
                                "cooldownS",
                                {"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}},
                              ],
                              [
                                "maxBootsInFlight",
                                {
                                  "type": "optional",
                                  "inner": {"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]},
                                },
                              ],
                              ["rule",{"type":"default","value":"demand","inner":{"type":"string","checks":[{"op":"min-length","value":1}]}}],
                              [
                                "targetUtilisation",
                                {
                                  "type": "prefault",
                                  "value": {},
                                  "inner": {
                                    "type": "object",
                                    "fields": [
                                      ["target",{"type":"default","value":0.7,"inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1}]}}],
                                      [
                                        "intervalS",
                                        {
                                          "type": "default",
                                          "value": 15,
                                          "inner": {"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]},
                                        },
                                      ],
                                      [
                                        "stabilisationS",
                                        {
                                          "type": "default",
                                          "value": 300,
                                          "inner": {"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]},
                                        },
                                      ],
                                      [
                                        "tolerance",
                                        {"type":"default","value":0.1,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1}]}},
                                      ],
                                    ],
                                  },
                                },
                              ],
                              [
                                "queueLength",
                                {
                                  "type": "prefault",
                                  "value": {},
                                  "inner": {
                                    "type": "object",
                                    "fields": [
                                      [
                                        "jobsPerStep",
                                        {
                                          "type": "default",
                                          "value": 1,
                                          "inner": {"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]},
                                        },
                                      ],
                                      [
                                        "nodesPerStep",
                                        {
                                          "type": "default",
                                          "value": 1,
                                          "inner": {"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]},
                                        },
                                      ],
                                      [
                                        "intervalS",
                                        {
                                          "type": "default",
                                          "value": 0,
                                          "inner": {"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]},
                                        },
                                      ],
                                    ],
                                  },
                                },
                              ],
                              [
                                "schedule",
                                {
                                  "type": "optional",
                                  "inner": {
                                    "type": "object",
                                    "fields": [
                                      [
                                        "periodS",
                                        {
                                          "type": "default",
                                          "value": 86400,
                                          "inner": {"type":"number","checks":[{"op":">=","value":1},{"op":"<=","value":1000000000000}]},
                                        },
                                      ],
                                      [
                                        "steps",
                                        {
                                          "type": "array",
                                          "element": {
                                            "type": "object",
                                            "fields": [
                                              ["atS",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}],
                                              ["nodes",{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":0},{"op":"<=","value":2147483647}]}],
                                            ],
                                          },
                                          "checks": [{"op":"min-length","value":1}],
                                        },
                                      ],
                                    ],
                                  },
                                },
                              ],
                              ["ruleOptions",{"type":"default","value":{},"inner":{"type":"record","value":{"type":"unknown"}}}],
                              [
                                "reservedNodes",
                                {
                                  "type": "default",
                                  "value": 0,
                                  "inner": {"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":0},{"op":"<=","value":2147483647}]},
                                },
                              ],
                              [
                                "reservedPricePerChipHour",
                                {"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}},
                              ],
                            ],
                          },
                        },
                      ],
                    ],
                  },
                  "checks": [{"op":"min-length","value":1}],
                },
              },
            ],
            ["policy",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
            ["policyOptions",{"type":"optional","inner":{"type":"record","value":{"type":"unknown"}}}],
          ],
        },
        "checks": [{"op":"min-length","value":1}],
      },
    ],
    [
      "network",
      {
        "type": "default",
        "value": {"rttMs":{},"routeFactor":1.5,"overheadMs":0.2,"kmPerMs":200,"bandwidthGbpsByPair":{},"dataFeePerGB":0,"links":[],"routes":{},"sharing":"max-min"},
        "inner": {
          "type": "object",
          "fields": [
            [
              "rttMs",
              {
                "type": "default",
                "value": {},
                "inner": {"type":"record","value":{"type":"record","value":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}},
              },
            ],
            ["rttMsFile",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1}]}}],
            ["routeFactor",{"type":"default","value":1.5,"inner":{"type":"number","checks":[{"op":">=","value":1},{"op":"<=","value":100}]}}],
            ["overheadMs",{"type":"default","value":0.2,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
            ["kmPerMs",{"type":"default","value":200,"inner":{"type":"number","checks":[{"op":">=","value":1},{"op":"<=","value":300}]}}],
            ["bandwidthGbps",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}}],
            [
              "bandwidthGbpsByPair",
              {
                "type": "default",
                "value": {},
                "inner": {"type":"record","value":{"type":"record","value":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}}},
              },
            ],
            ["dataFeePerGB",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
            [
              "links",
              {
                "type": "default",
                "value": [],
                "inner": {
                  "type": "array",
                  "element": {
                    "type": "object",
                    "fields": [
                      ["name",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
                      ["a",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
                      ["b",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
                      ["gbps",{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}],
                      ["latencyMs",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
                    ],
                  },
                },
              },
            ],
            [
              "routes",
              {
                "type": "default",
                "value": {},
                "inner": {
                  "type": "record",
                  "value": {
                    "type": "record",
                    "value": {
                      "type": "array",
                      "element": {"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]},
                      "checks": [{"op":"min-length","value":1}],
                    },
                  },
                },
              },
            ],
            ["sharing",{"type":"default","value":"max-min","inner":{"type":"oneOf","values":["max-min","rtt-weighted"]}}],
          ],
        },
      },
    ],
    [
      "classes",
      {
        "type": "record",
        "value": {
          "type": "object",
          "fields": [
            [
              "speed",
              {"type":"optional","inner":{"type":"record","value":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}}},
            ],
            [
              "speedFrom",
              {
                "type": "optional",
                "inner": {
                  "type": "object",
                  "fields": [
                    ["format",{"type":"oneOf","values":["gavel"]}],
                    ["file",{"type":"string","checks":[{"op":"min-length","value":1}]}],
                    ["jobType",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
                    ["scaleFactor",{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":1000}]}],
                    [
                      "chips",
                      {
                        "type": "optional",
                        "inner": {"type":"record","value":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}},
                      },
                    ],
                    [
                      "reference",
                      {"type":"default","value":"v100","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}},
                    ],
                  ],
                },
              },
            ],
            [
              "chips",
              {
                "type": "default",
                "value": 1,
                "inner": {
                  "type": "number",
                  "checks": [{"op":">","value":0},{"op":"<=","value":1000000},{"op":"rule","rule":"wholeOrShare"},{"op":"rule","rule":"thousandths"}],
                },
              },
            ],
            ["cpuCores",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
            ["memGiB",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
            ["work",sharedPart2],
            ["inputGB",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000}]}}],
            ["outputGB",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000}]}}],
            ["holdDuringOutput",{"type":"default","value":false,"inner":{"type":"boolean"}}],
            [
              "slo",
              {
                "type": "optional",
                "inner": {
                  "type": "object",
                  "fields": [
                    ["circle",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
                    ["deadline",{"type":"optional","inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}}],
                  ],
                },
              },
            ],
            ["budget",{"type":"optional","inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000000}]}}],
            [
              "priority",
              {
                "type": "default",
                "value": 0,
                "inner": {"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":-1000000000},{"op":"<=","value":1000000000}]},
              },
            ],
            ["preemptible",{"type":"default","value":false,"inner":{"type":"boolean"}}],
            ["onPreempt",{"type":"default","value":"restart","inner":{"type":"oneOf","values":["restart","resume"]}}],
            [
              "estimate",
              {
                "type": "optional",
                "inner": {
                  "type": "object",
                  "fields": [
                    ["factor",{"type":"default","value":1,"inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}}],
                    ["cv",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":100}]}}],
                  ],
                },
              },
            ],
            ["bid",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
            ["tier",{"type":"optional","inner":{"type":"oneOf","values":["on-demand","spot"]}}],
            ["coldStartS",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}}],
          ],
        },
      },
    ],
    [
      "workload",
      {
        "type": "default",
        "value": [],
        "inner": {
          "type": "array",
          "element": {
            "type": "object",
            "fields": [
              ["class",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
              [
                "origin",
                {
                  "type": "union",
                  "options": [
                    {"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]},
                    {"type":"record","value":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}},
                  ],
                },
              ],
              [
                "arrivals",
                {
                  "type": "optional",
                  "inner": {
                    "type": "tagged",
                    "tag": "process",
                    "options": {
                      "poisson": {
                        "type": "object",
                        "fields": [
                          ["process",{"type":"oneOf","values":["poisson"]}],
                          ["rate",{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000}]}],
                        ],
                      },
                      "diurnal": {
                        "type": "object",
                        "fields": [
                          ["process",{"type":"oneOf","values":["diurnal"]}],
                          ["rate",{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000}]}],
                          ["amplitude",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1}]}],
                          [
                            "period",
                            {"type":"default","value":86400,"inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}},
                          ],
                          [
                            "peakS",
                            {"type":"default","value":21600,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}},
                          ],
                        ],
                      },
                      "mmpp": {
                        "type": "object",
                        "fields": [
                          ["process",{"type":"oneOf","values":["mmpp"]}],
                          [
                            "states",
                            {
                              "type": "array",
                              "element": {
                                "type": "object",
                                "fields": [
                                  ["rate",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000}]}],
                                  ["meanS",{"type":"number","checks":[{"op":">=","value":0.001},{"op":"<=","value":1000000000000}]}],
                                ],
                              },
                              "checks": [{"op":"min-length","value":2}],
                            },
                          ],
                        ],
                      },
                    },
                  },
                },
              ],
              [
                "trace",
                {
                  "type": "optional",
                  "inner": {
                    "type": "tagged",
                    "tag": "format",
                    "options": {
                      "swf": {
                        "type": "object",
                        "fields": [
                          ["format",{"type":"oneOf","values":["swf"]}],
                          ["file",{"type":"string","checks":[{"op":"min-length","value":1}]}],
                          [
                            "timeScale",
                            {"type":"default","value":1,"inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}},
                          ],
                          [
                            "runtimeScale",
                            {"type":"default","value":1,"inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}},
                          ],
                          [
                            "processorsPerChip",
                            {"type":"default","value":1,"inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}},
                          ],
                          ["processors",{"type":"default","value":"requested","inner":{"type":"oneOf","values":["requested","allocated"]}}],
                          ["estimate",{"type":"default","value":"requested","inner":{"type":"oneOf","values":["requested","runtime"]}}],
                          ["onBadRow",{"type":"default","value":"skip","inner":{"type":"oneOf","values":["skip","fail"]}}],
                        ],
                      },
                      "alibaba-pods": {
                        "type": "object",
                        "fields": [
                          ["format",{"type":"oneOf","values":["alibaba-pods"]}],
                          ["file",{"type":"string","checks":[{"op":"min-length","value":1}]}],
                          [
                            "timeScale",
                            {"type":"default","value":1,"inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}},
                          ],
                          [
                            "runtimeScale",
                            {"type":"default","value":1,"inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000}]}},
                          ],
                          [
                            "startAt",
                            {
                              "type": "default",
                              "value": "auto",
                              "inner": {
                                "type": "union",
                                "options": [{"type":"oneOf","values":["auto"]},{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}],
                              },
                            },
                          ],
                          ["pending",{"type":"default","value":"lifetime","inner":{"type":"oneOf","values":["lifetime","skip"]}}],
                          [
                            "classByQos",
                            {
                              "type": "default",
                              "value": {},
                              "inner": {"type":"record","value":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}},
                            },
                          ],
                          ["order",{"type":"default","value":"time","inner":{"type":"oneOf","values":["time","shuffled"]}}],
                          ["inflation",{"type":"default","value":1.3,"inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":100}]}}],
                          ["onBadRow",{"type":"default","value":"skip","inner":{"type":"oneOf","values":["skip","fail"]}}],
                        ],
                      },
                    },
                  },
                },
              ],
              ["count",{"type":"optional","inner":{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]}}],
            ],
          },
        },
      },
    ],
    [
      "jobs",
      {
        "type": "default",
        "value": [],
        "inner": {
          "type": "array",
          "element": {
            "type": "object",
            "fields": [
              [
                "id",
                {
                  "type": "optional",
                  "inner": {
                    "type": "union",
                    "options": [{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]},{"type":"number","checks":[{"op":"safe-integer"}]}],
                  },
                },
              ],
              ["class",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
              ["origin",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
              ["arrival",{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}],
              [
                "chips",
                {
                  "type": "optional",
                  "inner": {
                    "type": "number",
                    "checks": [{"op":">","value":0},{"op":"<=","value":1000000},{"op":"rule","rule":"wholeOrShare"},{"op":"rule","rule":"thousandths"}],
                  },
                },
              ],
              ["work",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}}],
              [
                "runtimeS",
                {"type":"optional","inner":{"type":"record","value":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}}},
              ],
              ["inputGB",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000}]}}],
              ["deadline",{"type":"optional","inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}}],
              ["budget",{"type":"optional","inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000000}]}}],
              ["bid",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000}]}}],
              ["tier",{"type":"optional","inner":{"type":"oneOf","values":["on-demand","spot"]}}],
            ],
          },
        },
      },
    ],
    ["policy",{"type":"default","value":"fifo","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
    ["policyOptions",{"type":"default","value":{},"inner":{"type":"record","value":{"type":"unknown"}}}],
    [
      "market",
      {
        "type": "optional",
        "inner": {
          "type": "object",
          "fields": [
            ["mechanism",{"type":"default","value":"posted","inner":{"type":"oneOf","values":["posted","call","continuous"]}}],
            ["intervalS",{"type":"default","value":60,"inner":{"type":"number","checks":[{"op":">=","value":1},{"op":"<=","value":1000000000000}]}}],
            ["k",{"type":"default","value":0.5,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1}]}}],
            ["noticeS",{"type":"default","value":120,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}}],
          ],
        },
      },
    ],
    ["providers",{"type":"default","value":{},"inner":{"type":"record","value":{"type":"object","fields":[["pricing",sharedPart1]]}}}],
    [
      "brain",
      {
        "type": "optional",
        "inner": {
          "type": "object",
          "fields": [
            ["policy",{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}],
            ["region",{"type":"optional","inner":{"type":"string","checks":[{"op":"min-length","value":1},{"op":"rule","rule":"name"}]}}],
            [
              "view",
              {
                "type": "default",
                "value": {"refreshS":0,"delayS":0},
                "inner": {
                  "type": "object",
                  "fields": [
                    ["refreshS",{"type":"default","value":0,"inner":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}}],
                    [
                      "delayS",
                      {
                        "type": "default",
                        "value": 0,
                        "inner": {
                          "type": "union",
                          "options": [
                            {"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]},
                            {"type":"oneOf","values":["rtt"]},
                            {"type":"record","value":{"type":"number","checks":[{"op":">=","value":0},{"op":"<=","value":1000000000000}]}},
                          ],
                        },
                      },
                    ],
                  ],
                },
              },
            ],
            ["options",{"type":"default","value":{},"inner":{"type":"record","value":{"type":"unknown"}}}],
            ["transfer",{"type":"default","value":"none","inner":{"type":"oneOf","values":["none","rtt"]}}],
          ],
        },
      },
    ],
    [
      "metrics",
      {
        "type": "default",
        "value": {"slowdownThresholdS":10},
        "inner": {
          "type": "object",
          "fields": [
            ["sampleIntervalS",{"type":"optional","inner":{"type":"number","checks":[{"op":">=","value":0.000001},{"op":"<=","value":1000000000000}]}}],
            ["slowdownThresholdS",{"type":"default","value":10,"inner":{"type":"number","checks":[{"op":">","value":0},{"op":"<=","value":1000000000000}]}}],
          ],
        },
      },
    ],
    [
      "limits",
      {
        "type": "default",
        "value": {"maxNodes":2000000,"maxJobs":20000000},
        "inner": {
          "type": "object",
          "fields": [
            [
              "maxNodes",
              {"type":"default","value":2000000,"inner":{"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]}},
            ],
            [
              "maxJobs",
              {
                "type": "default",
                "value": 20000000,
                "inner": {"type":"number","checks":[{"op":"safe-integer"},{"op":">=","value":1},{"op":"<=","value":2147483647}]},
              },
            ],
          ],
        },
      },
    ],
  ],
};
