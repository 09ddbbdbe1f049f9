/** Megabytes (10^6 bytes) with one decimal, as a download's size or progress reads: "9.8". */
export const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);
