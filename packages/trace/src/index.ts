// trace: a runtime alert in, the workload, its origin and the evidence out (design.md §5).
export {};
