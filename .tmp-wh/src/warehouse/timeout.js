export class WarehouseTimeoutError extends Error {
    code = 'WAREHOUSE_TIMEOUT';
}
/** Rejects with `WarehouseTimeoutError` when `p` has not settled within `ms`. */
export function withTimeout(p, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new WarehouseTimeoutError(`${what} did not finish within ${ms} ms`)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
//# sourceMappingURL=timeout.js.map