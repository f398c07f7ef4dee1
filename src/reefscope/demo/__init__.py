"""The demo workspace: the sample data of ``examples/data`` and a digits classifier, ready to explore.

>>> from reefscope.demo import build_demo
>>> build_demo("/tmp/reefscope-demo")                     # doctest: +SKIP
['voc', 'indoor', 'coco', 'digits']

Four projects, each built through the public importers:

- ``voc``: 100 PASCAL VOC 2007 photos, 20 classes, one detector's outputs;
- ``indoor``: 85 indoor photos with more than 25 classes (the many-class views);
- ``coco``: a sample of COCO val2017 annotations and detections, 80 classes, no images;
- ``digits``: scikit-learn's 1,797 handwritten digits rendered to PNG, with two
  classifiers trained here (a strongly regularised logistic regression and a
  small multi-layer perceptron) as two inference sets with score vectors.

Every dataset gets frame metadata and segments of all three kinds (splits,
regression tests, scenarios) with thresholds, some met and some not. The
digits frames carry the MLP's hidden-layer activations as embeddings. The
photo sets carry colour histograms of each image and of each box as
embeddings: a simple, honest stand-in so that the embedding view has
something to show, not a learned representation.

Building is idempotent: a complete demo project is left alone, a partial one
(an interrupted build) is rebuilt, and a project of the same name that is not
the demo's is never touched.

One module per demo project (:mod:`.voc`, :mod:`.indoor`, :mod:`.coco`,
:mod:`.digits`); :mod:`.photos` holds what the photo sets share, :mod:`._steps`
what every builder does, and :mod:`.build` the entry point.
"""

from reefscope.demo._steps import ASSETS, DEMO_PROJECTS, DEMO_VERSION, MARKER_KEY, Progress
from reefscope.demo.build import build_demo, find_examples

__all__ = ["ASSETS", "DEMO_PROJECTS", "DEMO_VERSION", "MARKER_KEY", "Progress", "build_demo", "find_examples"]
