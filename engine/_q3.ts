import { createNetwork, train, headOf } from './index';
import { loadSplitFromDisk } from './node-data';
const tr = await loadSplitFromDisk('train');
const net = createNetwork({ sizes: [784,30,30,30,30,10], seed: 1 });
for (let rep=0; rep<3; rep++){
const t0 = performance.now();
await train(net, headOf(tr, 10000), { epochs: 1, miniBatch: 10, eta: 0.1, lambda: 5, seed: 1 });
console.log('samples/s', (10000/((performance.now()-t0)/1000)).toFixed(0));
}
