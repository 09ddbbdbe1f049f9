// The chapter's bibliography: one record per work, keyed by a short stable key.
// Cite a work in MDX with <Cite k="glorot2010" />; list them with <References />.
// Keys are lower-case first-author surname + year (+ a letter if needed). A key that is not here
// fails the build, so a typo cannot ship as a dead link.

export interface Reference {
  /** Authors as "Given Family", in the order the work lists them. */
  authors: string[];
  year: number;
  title: string;
  /** Journal, proceedings, publisher or institution, as a reader would look it up. */
  venue: string;
  /** Optional extra locator: volume/pages, chapter, arXiv number. */
  details?: string;
  url?: string;
  /** How the in-text citation names the authors; defaults to "Family", "A and B" or "A et al.". */
  short?: string;
  /** 'a', 'b', ... when two entries would otherwise cite as the same authors and year. */
  yearSuffix?: string;
}

/** The year as citations and the reference list show it: 2016a, 2016b where needed. */
export const yearLabel = (ref: Reference): string => `${ref.year}${ref.yearSuffix ?? ''}`;

export const bibliography = {
  nielsen2015: {
    authors: ['Michael A. Nielsen'],
    year: 2015,
    title: 'Neural Networks and Deep Learning',
    venue: 'Determination Press',
    details: 'chapter 5, “Why are deep neural networks hard to train?”',
    url: 'http://neuralnetworksanddeeplearning.com/chap5.html',
  },
  hochreiter1991: {
    authors: ['Sepp Hochreiter'],
    year: 1991,
    title: 'Untersuchungen zu dynamischen neuronalen Netzen',
    venue: 'Diploma thesis, Institut für Informatik, Technische Universität München',
  },
  bengio1994: {
    authors: ['Yoshua Bengio', 'Patrice Simard', 'Paolo Frasconi'],
    year: 1994,
    title: 'Learning long-term dependencies with gradient descent is difficult',
    venue: 'IEEE Transactions on Neural Networks',
    details: 'vol. 5, no. 2, pp. 157–166',
  },
  hochreiter2001: {
    authors: ['Sepp Hochreiter', 'Yoshua Bengio', 'Paolo Frasconi', 'Jürgen Schmidhuber'],
    year: 2001,
    title: 'Gradient flow in recurrent nets: the difficulty of learning long-term dependencies',
    venue: 'In J. F. Kolen and S. C. Kremer (eds.), A Field Guide to Dynamical Recurrent Neural Networks, IEEE Press',
  },
  lecun1998: {
    authors: ['Yann LeCun', 'Léon Bottou', 'Genevieve B. Orr', 'Klaus-Robert Müller'],
    year: 1998,
    title: 'Efficient BackProp',
    venue: 'In G. B. Orr and K.-R. Müller (eds.), Neural Networks: Tricks of the Trade, Lecture Notes in Computer Science 1524, Springer',
    details: 'pp. 9–50',
  },
  bengio2009: {
    authors: ['Yoshua Bengio'],
    year: 2009,
    title: 'Learning deep architectures for AI',
    venue: 'Foundations and Trends in Machine Learning',
    details: 'vol. 2, no. 1, pp. 1–127',
  },
  glorot2010: {
    authors: ['Xavier Glorot', 'Yoshua Bengio'],
    year: 2010,
    title: 'Understanding the difficulty of training deep feedforward neural networks',
    venue: 'Proceedings of the 13th International Conference on Artificial Intelligence and Statistics (AISTATS), PMLR 9',
    details: 'pp. 249–256',
  },
  hastad1986: {
    authors: ['Johan Håstad'],
    year: 1986,
    title: 'Almost optimal lower bounds for small depth circuits',
    venue: 'Proceedings of the 18th Annual ACM Symposium on Theory of Computing (STOC)',
    details: 'pp. 6–20',
  },
  cai1986: {
    authors: ['Jin-Yi Cai'],
    year: 1986,
    title: 'With probability one, a random oracle separates PSPACE from the polynomial-time hierarchy',
    venue: 'Proceedings of the 18th Annual ACM Symposium on Theory of Computing (STOC)',
    details: 'pp. 21–29; journal version: Journal of Computer and System Sciences 38, pp. 68–85, 1989',
  },
  hastad2012: {
    authors: ['Johan Håstad'],
    year: 2012,
    title: 'On the correlation of parity and small-depth circuits',
    venue: 'Electronic Colloquium on Computational Complexity (ECCC)',
    details: 'journal version: SIAM Journal on Computing 43(5), pp. 1699–1708, 2014',
  },
  pascanu2013: {
    authors: ['Razvan Pascanu', 'Tomas Mikolov', 'Yoshua Bengio'],
    year: 2013,
    title: 'On the difficulty of training recurrent neural networks',
    venue: 'Proceedings of the 30th International Conference on Machine Learning (ICML), PMLR 28',
    details: 'pp. 1310–1318',
  },
  sutskever2013: {
    authors: ['Ilya Sutskever', 'James Martens', 'George Dahl', 'Geoffrey Hinton'],
    year: 2013,
    title: 'On the importance of initialization and momentum in deep learning',
    venue: 'Proceedings of the 30th International Conference on Machine Learning (ICML), PMLR 28',
    details: 'pp. 1139–1147',
  },
  maas2013: {
    authors: ['Andrew L. Maas', 'Awni Y. Hannun', 'Andrew Y. Ng'],
    year: 2013,
    title: 'Rectifier nonlinearities improve neural network acoustic models',
    venue: 'ICML Workshop on Deep Learning for Audio, Speech and Language Processing (ICML 2013)',
    url: 'http://web.stanford.edu/~awni/papers/relu_hybrid_icml2013_final.pdf',
  },
  pascanu2014: {
    authors: ['Razvan Pascanu', 'Guido Montúfar', 'Yoshua Bengio'],
    year: 2014,
    title: 'On the number of response regions of deep feed forward networks with piece-wise linear activations',
    venue: 'International Conference on Learning Representations (ICLR)',
    details: 'arXiv:1312.6098',
  },
  saxe2014: {
    authors: ['Andrew M. Saxe', 'James L. McClelland', 'Surya Ganguli'],
    year: 2014,
    title: 'Exact solutions to the nonlinear dynamics of learning in deep linear neural networks',
    venue: 'International Conference on Learning Representations (ICLR)',
    details: 'arXiv:1312.6120',
    url: 'https://openreview.net/forum?id=_wzZwKpTDF_9C',
  },
  he2015: {
    authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
    year: 2015,
    title: 'Delving deep into rectifiers: surpassing human-level performance on ImageNet classification',
    venue: 'Proceedings of the IEEE International Conference on Computer Vision (ICCV)',
    details: 'pp. 1026–1034',
  },
  ioffe2015: {
    authors: ['Sergey Ioffe', 'Christian Szegedy'],
    year: 2015,
    title: 'Batch normalization: accelerating deep network training by reducing internal covariate shift',
    venue: 'Proceedings of the 32nd International Conference on Machine Learning (ICML), PMLR 37',
    details: 'pp. 448–456',
  },
  he2016: {
    authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
    year: 2016,
    title: 'Deep residual learning for image recognition',
    yearSuffix: 'a',
    venue: 'Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)',
    details: 'pp. 770–778',
  },
  he2016b: {
    authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
    year: 2016,
    title: 'Identity mappings in deep residual networks',
    yearSuffix: 'b',
    venue: 'Computer Vision – ECCV 2016, Lecture Notes in Computer Science 9908, Springer',
    details: 'pp. 630–645',
  },
  ba2016: {
    authors: ['Jimmy Lei Ba', 'Jamie Ryan Kiros', 'Geoffrey E. Hinton'],
    year: 2016,
    title: 'Layer normalization',
    venue: 'arXiv preprint',
    details: 'arXiv:1607.06450',
    url: 'https://arxiv.org/abs/1607.06450',
  },
  hochreiter1997: {
    authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'],
    year: 1997,
    title: 'Long short-term memory',
    venue: 'Neural Computation',
    details: 'vol. 9, no. 8, pp. 1735–1780',
  },
  nair2010: {
    authors: ['Vinod Nair', 'Geoffrey E. Hinton'],
    year: 2010,
    title: 'Rectified linear units improve restricted Boltzmann machines',
    venue: 'Proceedings of the 27th International Conference on Machine Learning (ICML)',
    details: 'pp. 807–814',
  },
  glorot2011: {
    authors: ['Xavier Glorot', 'Antoine Bordes', 'Yoshua Bengio'],
    year: 2011,
    title: 'Deep sparse rectifier neural networks',
    venue: 'Proceedings of the 14th International Conference on Artificial Intelligence and Statistics (AISTATS), PMLR 15',
    details: 'pp. 315–323',
  },
  srivastava2015: {
    authors: ['Rupesh K. Srivastava', 'Klaus Greff', 'Jürgen Schmidhuber'],
    year: 2015,
    title: 'Training very deep networks',
    venue: 'Advances in Neural Information Processing Systems 28 (NIPS)',
    details: 'pp. 2377–2385',
  },
  schoenholz2017: {
    authors: ['Samuel S. Schoenholz', 'Justin Gilmer', 'Surya Ganguli', 'Jascha Sohl-Dickstein'],
    year: 2017,
    title: 'Deep information propagation',
    venue: 'International Conference on Learning Representations (ICLR)',
    details: 'arXiv:1611.01232',
    url: 'https://arxiv.org/abs/1611.01232v2',
  },
  pennington2017: {
    authors: ['Jeffrey Pennington', 'Samuel S. Schoenholz', 'Surya Ganguli'],
    year: 2017,
    title: 'Resurrecting the sigmoid in deep learning through dynamical isometry: theory and practice',
    venue: 'Advances in Neural Information Processing Systems 30 (NIPS)',
    details: 'arXiv:1711.04735',
  },
  xiao2018: {
    authors: ['Lechao Xiao', 'Yasaman Bahri', 'Jascha Sohl-Dickstein', 'Samuel S. Schoenholz', 'Jeffrey Pennington'],
    year: 2018,
    title: 'Dynamical isometry and a mean field theory of CNNs: how to train 10,000-layer vanilla convolutional neural networks',
    venue: 'Proceedings of the 35th International Conference on Machine Learning (ICML), PMLR 80',
    details: 'arXiv:1806.05393',
  },
  clevert2016: {
    authors: ['Djork-Arné Clevert', 'Thomas Unterthiner', 'Sepp Hochreiter'],
    year: 2016,
    title: 'Fast and accurate deep network learning by exponential linear units (ELUs)',
    venue: 'International Conference on Learning Representations (ICLR)',
    details: 'arXiv:1511.07289',
    url: 'https://arxiv.org/abs/1511.07289',
  },
  hendrycks2016: {
    authors: ['Dan Hendrycks', 'Kevin Gimpel'],
    year: 2016,
    title: 'Gaussian error linear units (GELUs)',
    venue: 'arXiv preprint',
    details: 'arXiv:1606.08415',
    url: 'https://arxiv.org/abs/1606.08415',
  },
  santurkar2018: {
    authors: ['Shibani Santurkar', 'Dimitris Tsipras', 'Andrew Ilyas', 'Aleksander Madry'],
    year: 2018,
    title: 'How does batch normalization help optimization?',
    venue: 'Advances in Neural Information Processing Systems 31 (NeurIPS)',
    details: 'arXiv:1805.11604',
    url: 'https://proceedings.neurips.cc/paper/2018/hash/905056c1ac1dad141560467e0a99e1cf-Abstract.html',
  },
  zhang2019: {
    authors: ['Hongyi Zhang', 'Yann N. Dauphin', 'Tengyu Ma'],
    year: 2019,
    title: 'Fixup initialization: residual learning without normalization',
    venue: 'International Conference on Learning Representations (ICLR)',
    details: 'arXiv:1901.09321',
    url: 'https://openreview.net/forum?id=H1gsz30cKX',
  },
  de2020: {
    authors: ['Soham De', 'Samuel L. Smith'],
    year: 2020,
    title: 'Batch normalization biases residual blocks towards the identity function in deep networks',
    venue: 'Advances in Neural Information Processing Systems 33 (NeurIPS)',
    details: 'arXiv:2002.10444',
    url: 'https://proceedings.neurips.cc/paper/2020/hash/e6b738eca0e6792ba8a9cbcba6c1881d-Abstract.html',
  },
  xiong2020: {
    authors: ['Ruibin Xiong', 'Yunchang Yang', 'Di He', 'Kai Zheng', 'Shuxin Zheng', 'Chen Xing', 'Huishuai Zhang', 'Yanyan Lan', 'Liwei Wang', 'Tie-Yan Liu'],
    year: 2020,
    title: 'On layer normalization in the Transformer architecture',
    venue: 'Proceedings of the 37th International Conference on Machine Learning (ICML), PMLR 119',
    details: 'arXiv:2002.04745',
    url: 'https://huggingface.co/papers/2002.04745',
  },
} satisfies Record<string, Reference>;

export type ReferenceKey = keyof typeof bibliography;

const family = (name: string) => name.trim().split(/\s+/).pop() as string;

/** The author part of an in-text citation: "Nielsen", "Glorot and Bengio", "He et al.". */
export function citeAuthors(ref: Reference): string {
  if (ref.short) return ref.short;
  const names = ref.authors.map(family);
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} et al.`;
}

/** Looks a key up, failing loudly (and so failing the build) if it is unknown. */
export function lookup(key: string): Reference {
  const ref = (bibliography as Record<string, Reference>)[key];
  if (!ref) {
    const known = Object.keys(bibliography).sort().join(', ');
    throw new Error(`<Cite k="${key}">: no reference with key "${key}" in content/bibliography.ts. Known keys: ${known}`);
  }
  return ref;
}

/** All entries in the order a reader expects a reference list: by first author's surname, then year. */
export function sortedReferences(): Array<[string, Reference]> {
  return (Object.entries(bibliography) as Array<[string, Reference]>).sort(([, a], [, b]) => {
    const byName = family(a.authors[0]).localeCompare(family(b.authors[0]), 'en');
    return byName !== 0 ? byName : a.year - b.year;
  });
}
