#include "document/templates.h"

#include "core/error.h"

namespace relulab {

namespace {

Architecture mlp(int inputs, const std::vector<int>& hidden, Activation activation, int outputs) {
    Architecture a;
    a.inputs = inputs;
    for (int units : hidden)
        a.layers.push_back({units, activation});
    a.layers.push_back({outputs, Activation::identity()});
    return a;
}

ExperimentSettings settingsFor(DatasetKind data, Architecture architecture, LossKind loss) {
    ExperimentSettings s;
    s.dataset = DatasetSpec::defaults(data);
    s.initializers.assign(architecture.layers.size(), InitializerSpec{});
    s.architecture = std::move(architecture);
    s.loss = loss;
    s.initSeed = 1;
    s.training.samplingSeed = 2;
    return s;
}

void fullBatch(ExperimentSettings& s, OptimizerKind optimizer, double lr, long steps,
               long snapshotEvery) {
    s.training.optimizer.kind = optimizer;
    s.training.optimizer.learningRate = lr;
    s.training.sampling = SamplingKind::FullBatch;
    s.training.batchSize = 0;
    s.steps = steps;
    s.snapshotEvery = snapshotEvery;
}

Experiment experiment(std::string name, std::string notes, ExperimentSettings settings,
                      SweepSpec sweep = {}) {
    return {newUid(), std::move(name), std::move(notes), std::move(settings), std::move(sweep), {}};
}

// HW1 Q5 (seeds 000/001): which features does a ReLU net learn, and how do they compare with the
// features of the linearized net and of the random hidden layer with ridge regression?
Notebook linearizedFeatures() {
    Notebook notebook;
    const SweepSpec widths{{10, 20, 40}, {}, {}, {}};
    for (int hidden : {1, 2}) {
        for (bool outputOnly : {true, false}) {
            std::vector<int> units(static_cast<std::size_t>(hidden), 10);
            ExperimentSettings s = settingsFor(DatasetKind::PiecewiseLinear,
                                               mlp(1, units, Activation::relu(), 1), LossKind::Mse);
            s.initializers.front() = InitializerSpec::elbows(0.0, 1.0);
            s.training.optimizer.learningRate = outputOnly ? 0.2 : 0.02;
            if (outputOnly) {
                s.training.trainableLayers.assign(s.architecture.layers.size(), false);
                s.training.trainableLayers.back() = true;
            }
            s.training.sampling = SamplingKind::WithoutReplacement;
            s.training.batchSize = 40;
            s.steps = 150'000;
            s.snapshotEvery = 1000;
            const std::string depth = hidden == 1 ? "1 hidden layer" : "2 hidden layers";
            notebook.experiments.push_back(experiment(
                depth + (outputOnly ? ", output layer only" : ", all layers"),
                outputOnly ? "Only the output layer trains: the net is linear in its parameters, "
                             "a regression on fixed random ReLU features with elbows in [0, 1]."
                           : "Every layer trains: the features themselves move. Compare the "
                             "principal features at initialization and at the end.",
                s, widths));
        }
    }
    ExperimentSettings ridge = settingsFor(DatasetKind::PiecewiseLinear,
                                           mlp(1, {10}, Activation::relu(), 1), LossKind::Mse);
    ridge.initializers.front() = InitializerSpec::elbows(0.0, 1.0);
    ridge.steps = 0;
    ridge.ridgeLambda = 1e-5;
    notebook.experiments.push_back(experiment(
        "Ridge regression on hidden features",
        "The hidden layer's outputs at initialization as features, the output layer solved by "
        "ridge regression (lambda = 1e-5, bias included) instead of SGD.",
        ridge, widths));
    return notebook;
}

// Seed 002: dead ReLUs from a negative initializer, on the gradient-print data.
Notebook deadRelu() {
    Notebook notebook;
    auto net = [](Activation activation, InitializerKind init) {
        ExperimentSettings s = settingsFor(
            DatasetKind::GradientPrint, mlp(10, {5, 5, 5}, activation, 5), LossKind::CrossEntropy);
        s.initializers.assign(s.architecture.layers.size(), InitializerSpec::of(init));
        fullBatch(s, OptimizerKind::Sgd, 0.1, 500, 10);
        return s;
    };
    notebook.experiments.push_back(experiment(
        "ReLU, negative initializer",
        "Seed 002's NegativeInitializer on every layer, weights and biases: every hidden ReLU is "
        "dead on these inputs (x >= 0), so no gradient reaches the hidden layers and only the "
        "output bias learns (compare the gradient norms and the dead units per layer).",
        net(Activation::relu(), InitializerKind::Negative)));
    ExperimentSettings secondLayer = net(Activation::relu(), InitializerKind::PyTorchDefault);
    secondLayer.initializers[1] = InitializerSpec::of(InitializerKind::Negative);
    secondLayer.initSeed = 8; // with the default init, every layer of this seed has live units
    notebook.experiments.push_back(experiment(
        "ReLU, negative initializer on hidden 2 only",
        "The exercise's \"check a few layers\": with hidden 2 dead, hidden 1 before it gets no "
        "gradient, while the layers after it still do: hidden 3's units see only zeros, so those "
        "with a positive bias pass a constant and their biases learn, and the output learns.",
        secondLayer));
    notebook.experiments.push_back(experiment(
        "ReLU, default initializer",
        "The same net with PyTorch's default init, one run per init seed. With only 5 units a "
        "layer, a whole layer can start dead on these 32 inputs even so: some seeds learn no "
        "more than the output bias (the negative initializer's loss), the others fit the "
        "random labels.",
        net(Activation::relu(), InitializerKind::PyTorchDefault),
        SweepSpec{{}, {}, {1, 2, 3, 4, 5, 6, 7, 8}, {}}));
    notebook.experiments.push_back(experiment(
        "LeakyReLU, negative initializer",
        "A small negative slope keeps a gradient flowing through units that would be dead, but "
        "it shrinks by the slope (0.01) at every layer: hidden 1's gradient is about "
        "1e-8, so in 500 steps the net barely moves from the negative initializer's loss.",
        net(Activation::leakyRelu(0.01), InitializerKind::Negative)));
    return notebook;
}

// Seed 002: vanishing gradients in deep sigmoid and tanh nets.
Notebook vanishingGradients() {
    Notebook notebook;
    auto deep = [](Activation activation, bool constantLayer) {
        ExperimentSettings s =
            settingsFor(DatasetKind::GradientPrint, mlp(10, {5, 5, 5, 5, 5, 5}, activation, 5),
                        LossKind::CrossEntropy);
        if (constantLayer)
            s.initializers[2] = InitializerSpec::constant(0.01);
        fullBatch(s, OptimizerKind::Sgd, 0.1, 500, 10);
        return s;
    };
    notebook.experiments.push_back(experiment(
        "Sigmoid, 7 layers, constant hidden 3",
        "Seed 002's Initializer(target_layer=2, multiplier=0.01), which counts layers from 0: "
        "hidden 3's weights are all 0.01, and the gradients of hidden 1 and hidden 2, before it, "
        "nearly vanish (compare the gradient norms per layer).",
        deep(Activation::sigmoid(), true)));
    notebook.experiments.push_back(
        experiment("Tanh, 7 layers, constant hidden 3",
                   "The same with tanh: zero-centred, so the gradients shrink less.",
                   deep(Activation::tanh(), true)));
    ExperimentSettings sweep = deep(Activation::sigmoid(), false);
    notebook.experiments.push_back(
        experiment("Sigmoid depth sweep",
                   "How many layers before hidden 1 stops learning without a special initializer? "
                   "One run per depth; compare hidden 1's gradient norm.",
                   sweep, SweepSpec{{}, {1, 2, 4, 6, 8, 12, 16}, {}, {}}));
    return notebook;
}

// Seed 002: XOR is not linearly separable.
Notebook xorProblem() {
    Notebook notebook;
    auto xorNet = [](Architecture a, double lr, long steps, long every) {
        ExperimentSettings s = settingsFor(DatasetKind::Xor, std::move(a), LossKind::BceLogits);
        fullBatch(s, OptimizerKind::Sgd, lr, steps, every);
        return s;
    };
    Architecture linear;
    linear.inputs = 2;
    linear.layers = {{1, Activation::identity()}};
    notebook.experiments.push_back(
        experiment("Single linear layer",
                   "torch.nn.Linear(2, 1), SGD lr 1e-3, 10000 steps: cannot separate XOR.",
                   xorNet(linear, 1e-3, 10'000, 100)));
    notebook.experiments.push_back(experiment(
        "Two linear layers", "Linear(2, 2) then Linear(2, 1): still linear, still fails.",
        xorNet(mlp(2, {2}, Activation::identity(), 1), 1e-3, 10'000, 100)));
    notebook.experiments.push_back(
        experiment("ReLU net", "A hidden ReLU layer makes the classes separable.",
                   xorNet(mlp(2, {8}, Activation::relu(), 1), 0.1, 5000, 50)));
    return notebook;
}

// Seed 003: a ReLU net is a sum of elbows; x^2 from 1 to 4 hand-set units, then a trained net.
Notebook reluSum() {
    Notebook notebook;
    const std::vector<double> hiddenW{2.8, -2.1, 2.0, -2.2};
    const std::vector<double> hiddenB{-2.85, -3.09, -5.63, -4.58};
    const std::vector<double> outputW{1.9, 2.3, 3.1, 2.5};
    for (std::size_t k = 1; k <= 4; ++k) {
        ExperimentSettings s =
            settingsFor(DatasetKind::Square, mlp(1, {static_cast<int>(k)}, Activation::relu(), 1),
                        LossKind::Mse);
        s.initializers[0] = InitializerSpec::values({hiddenW.begin(), hiddenW.begin() + long(k)},
                                                    {hiddenB.begin(), hiddenB.begin() + long(k)});
        s.initializers[1] =
            InitializerSpec::values({outputW.begin(), outputW.begin() + long(k)}, {-1.0});
        s.steps = 0;
        notebook.experiments.push_back(experiment(
            std::to_string(k) + (k == 1 ? " hand-set unit" : " hand-set units"),
            "The seed's units w = [2.8, -2.1, 2.0, -2.2], b = [-2.85, -3.09, -5.63, -4.58], "
            "output weights [1.9, 2.3, 3.1, 2.5], bias -1: each unit adds an elbow.",
            s));
    }
    ExperimentSettings trained =
        settingsFor(DatasetKind::Square, mlp(1, {64}, Activation::relu(), 1), LossKind::Mse);
    fullBatch(trained, OptimizerKind::Adam, 0.01, 1000, 10);
    notebook.experiments.push_back(experiment(
        "64 units, Adam", "nn.Linear(1, 64), ReLU, nn.Linear(64, 1); Adam lr 0.01, 1000 epochs.",
        trained));
    return notebook;
}

// TensorFlow Playground's four data sets, each solved by a small ReLU net trained by Adam on the
// whole set, then the xor template's three nets on the 4-point XOR: why depth and nonlinearity
// matter, drawn on the Decision surface tab.
Notebook playground() {
    Notebook notebook;
    auto relu = [](DatasetKind data, const std::vector<int>& hidden, LossKind loss, double lr,
                   long steps) {
        const int outputs = loss == LossKind::CrossEntropy ? 2 : 1;
        ExperimentSettings s = settingsFor(data, mlp(2, hidden, Activation::relu(), outputs), loss);
        fullBatch(s, OptimizerKind::Adam, lr, steps, steps / 50);
        return s;
    };
    notebook.experiments.push_back(experiment(
        "Circle, 2-8-1 ReLU",
        "A ring of class 0 around a disc of class 1 (radii 1 and 0.5): no line separates them. "
        "On the Decision surface tab the boundary closes into a polygon around the disc, bending "
        "where it crosses a hidden unit's zero line (the unit maps show each unit's half plane). "
        "The Predictions tab lists every point: the few wrong ones lie where the noise pushed "
        "the ring and the disc together.",
        relu(DatasetKind::Circles, {8}, LossKind::BceLogits, 0.05, 1000)));
    notebook.experiments.push_back(experiment(
        "XOR quadrants, 2-8-8-1 ReLU",
        "Noisy points in the four quadrants, class 1 where x y > 0 (TensorFlow Playground's xor). "
        "The Decision surface tab shows the boundary along both axes; hidden 1's unit maps are "
        "half planes, hidden 2's combine them into quadrants. Only the points "
        "the noise carried across an axis are wrong (ringed, and red on the Predictions tab).",
        relu(DatasetKind::Quadrants, {8, 8}, LossKind::BceLogits, 0.02, 1000)));
    ExperimentSettings gaussian = relu(DatasetKind::Blobs, {4}, LossKind::CrossEntropy, 0.05, 500);
    gaussian.dataset.classes = 2;
    notebook.experiments.push_back(experiment(
        "Gaussian blobs, 2-4-2 ReLU",
        "Two Gaussian clusters, one per class: linearly separable, so even this small net "
        "separates them at once. With cross_entropy the Decision surface tab shades the winning "
        "class by its probability; the Predictions tab shows both logits of every point.",
        gaussian));
    ExperimentSettings spiral =
        relu(DatasetKind::Spirals, {16, 16}, LossKind::CrossEntropy, 0.01, 3000);
    spiral.dataset.samples = 400;
    spiral.dataset.noise = 0.05; // at the default 0.1 the arms' centres overlap
    notebook.experiments.push_back(experiment(
        "Spiral, 2-16-16-2 ReLU",
        "Two interleaved spiral arms, the hardest of the four: the boundary must wind between "
        "them. Scrub the snapshots on the Decision surface tab to see it grow from a line into a "
        "spiral, and look at how many linear regions the net cuts the plane into.",
        spiral));
    for (Experiment& e : xorProblem().experiments) {
        e.name = "XOR: " + e.name;
        e.notes += " The Decision surface tab shows the boundary, and the Predictions tab the "
                   "logits, labels and targets of the four points, as the seed prints them.";
        notebook.experiments.push_back(std::move(e));
    }
    return notebook;
}

struct Entry {
    NotebookTemplate description;
    Notebook (*make)();
};

const std::vector<Entry>& entries() {
    static const std::vector<Entry> all{
        {{"linearized-features",
          "HW1 Q5: widths 10/20/40, 1 and 2 hidden layers, output layer only vs all layers, "
          "and ridge regression on the hidden features"},
         &linearizedFeatures},
        {{"dead-relu", "dead ReLUs from a negative initializer, vs the default and LeakyReLU"},
         &deadRelu},
        {{"vanishing-gradients",
          "7-layer sigmoid and tanh nets with a constant layer, and a depth sweep"},
         &vanishingGradients},
        {{"xor", "one linear layer, two linear layers and a ReLU net on XOR"}, &xorProblem},
        {{"relu-sum", "x^2 as a sum of 1 to 4 hand-set ReLU elbows, and a 64-unit net by Adam"},
         &reluSum},
        {{"playground",
          "TensorFlow Playground's circle, xor, gaussian and spiral sets with small ReLU nets, "
          "and the xor template's three nets"},
         &playground},
    };
    return all;
}

} // namespace

const std::vector<NotebookTemplate>& notebookTemplates() {
    static const std::vector<NotebookTemplate> list = [] {
        std::vector<NotebookTemplate> out;
        for (const Entry& e : entries())
            out.push_back(e.description);
        return out;
    }();
    return list;
}

Notebook makeTemplate(const std::string& name) {
    std::string known;
    for (const Entry& e : entries()) {
        if (e.description.name == name)
            return e.make();
        known += (known.empty() ? "" : ", ") + e.description.name;
    }
    throw InvalidInput("template", "unknown template \"" + name + "\" (known: " + known + ")");
}

} // namespace relulab
