/**
 * The few host globals the simulation may use. They exist in every JavaScript host it runs in
 * (Web Workers, browsers and Node 20), but the ES libraries do not declare them and src/sim
 * deliberately has no DOM or Node types.
 */
declare function structuredClone<T>(value: T): T;
