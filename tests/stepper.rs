//! The step-through's engine is Table 1, and it is the same code that training runs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use backprop_viz::activation::Activation;
use backprop_viz::backward::{backward, table1, Gradients, Step, Stepper, Tensor};
use backprop_viz::loss::Loss;
use backprop_viz::network::Tape;
use backprop_viz::rng::Rng;
use backprop_viz::train::{Hyper, Regularization, Sgd};
use common::*;

/// Table 1 written out by hand: Eq. 23/31 at J; then for j = J … 0: 24, 26, 27, and 25 if
/// j ≠ 0.
fn expected_sequence(loss: Loss, sizes: &[usize]) -> Vec<(u32, usize, &'static str, (usize, usize))> {
    let last = sizes.len() - 2;
    let (m, n) = (|j: usize| sizes[j], |j: usize| sizes[j + 1]);
    let mut s = vec![(if loss == Loss::SumOfSquares { 23 } else { 31 }, last, "dl_dy", (n(last), 1))];
    for j in (0..=last).rev() {
        s.push((24, j, "dl_dg", (n(j), 1)));
        s.push((26, j, "dl_dw", (m(j), n(j))));
        s.push((27, j, "dl_db", (n(j), 1)));
        if j != 0 {
            s.push((25, j, "dl_dx", (m(j), 1)));
        }
    }
    s
}

#[test]
fn the_steps_are_table_1_and_their_tensors_are_the_full_backward_pass() {
    let mut rng = Rng::new(3);
    for loss in Loss::ALL {
        for sizes in [vec![2, 1], vec![2, 3, 2], vec![4, 7, 5, 3], vec![2, 8, 8, 8, 8, 3]] {
            let depth = sizes.len() - 1;
            let acts: Vec<Activation> = (0..depth).map(|j| Activation::ALL[(j + sizes[0]) % 4]).collect();
            let net = random_net(&sizes, &acts, loss, rng.next_u64());
            let x = random_vec(sizes[0], &mut rng);
            let t = random_target(loss, sizes[depth], &mut rng);

            let mut stepper = Stepper::new(&net, x.view(), t.view());
            let mut seen = vec![];
            while let Some(step) = stepper.next_step() {
                // The tensor the step exposes is the one it wrote, with its shape.
                let (r, c) = step.shape(&net);
                assert_eq!(step.values(&net, stepper.gradients()).len(), r * c);
                seen.push((step.equation(&net), step.layer(&net), step.tensor().name(), (r, c)));
            }
            assert_eq!(seen, expected_sequence(loss, &sizes), "{loss:?} {sizes:?}");
            assert_eq!(table1(depth - 1).count(), 4 * (depth - 1) + 4);

            let mut tape = Tape::new(&net);
            net.forward(x.view(), &mut tape);
            let mut full = Gradients::new(&net);
            backward(&net, &tape, t.view(), &mut full);
            // Bit for bit: the same steps ran, in the same order.
            assert_eq!(stepper.gradients(), &full, "{loss:?} {sizes:?}");

            // Going back replays from the start: after Eq. 23/31 and Eq. 24 at J, no ∂L/∂w^0 yet.
            stepper.seek(2);
            assert_eq!(stepper.done(), 2);
            assert_eq!(stepper.gradients().layers[0].dl_dw.sum(), 0.0, "not reached yet");
            stepper.seek(usize::MAX);
            assert_eq!(stepper.gradients(), &full);
        }
    }
}

#[test]
fn a_training_step_applies_exactly_the_steppers_gradients() {
    let mut rng = Rng::new(11);
    for loss in Loss::ALL {
        let sizes = [2, 4, 3, 2];
        let net = random_net(&sizes, &[Activation::Relu, Activation::Tanh, Activation::Linear], loss, 5);
        let x = random_vec(2, &mut rng);
        let t = random_target(loss, 2, &mut rng);
        let mut stepper = Stepper::new(&net, x.view(), t.view());
        stepper.seek(usize::MAX);

        let eta = 0.1;
        let hyper = Hyper { learning_rate: eta, batch_size: 1, regularization: Regularization::None, regularization_rate: 0.0 };
        let mut trained = net.clone();
        let mut sgd = Sgd::new(&trained);
        let loss_before = sgd.accumulate(&trained, x.view(), t.view());
        assert_eq!(loss_before, stepper.loss());
        sgd.update(&mut trained, &hyper);
        for j in 0..net.layers.len() {
            let g = &stepper.gradients().layers[j];
            // w ← w − η ∂L/∂w, b ← b − η ∂L/∂b, with the stepper's tensors, to the last bit.
            assert_eq!(trained.layers[j].w, &net.layers[j].w - &(eta * &g.dl_dw), "{loss:?} layer {j}");
            assert_eq!(trained.layers[j].b, &net.layers[j].b - &(eta * &g.dl_db), "{loss:?} layer {j}");
        }
        // And with a small enough η, the update lowers this sample's loss.
        assert!(trained.loss_at(x.view(), t.view()) < loss_before);
    }
}

#[test]
fn a_batch_update_uses_the_mean_of_the_per_sample_gradients() {
    let mut rng = Rng::new(12);
    let net = random_net(&[2, 3, 1], &[Activation::Sigmoid, Activation::Tanh], Loss::SumOfSquares, 8);
    let samples: Vec<_> = (0..4).map(|_| (random_vec(2, &mut rng), random_vec(1, &mut rng))).collect();
    let mut mean_dw = ndarray::Array2::<f64>::zeros((2, 3));
    for (x, t) in &samples {
        let mut s = Stepper::new(&net, x.view(), t.view());
        s.seek(usize::MAX);
        mean_dw += &(&s.gradients().layers[0].dl_dw / 4.0);
    }
    let mut trained = net.clone();
    let mut sgd = Sgd::new(&trained);
    for (x, t) in &samples {
        sgd.accumulate(&trained, x.view(), t.view());
    }
    let hyper = Hyper { learning_rate: 0.5, batch_size: 4, regularization: Regularization::L2, regularization_rate: 0.1 };
    sgd.update(&mut trained, &hyper);
    // w ← w − η (mean ∂L/∂w + λ w)
    let expected = &net.layers[0].w - &(0.5 * (&mean_dw + &(0.1 * &net.layers[0].w)));
    assert!((&trained.layers[0].w - &expected).iter().all(|d| d.abs() < 1e-15));
    assert!((sgd.batch_mean(0).0 - &mean_dw).iter().all(|d| d.abs() < 1e-15));
}

#[test]
fn a_batch_in_rows_gives_each_samples_numbers_bit_for_bit() {
    // Training runs a batch's samples as the rows of one tape (Eq. 3 and 24-27 row by row,
    // the sums of Eq. 26 and 27 in the samples' order): the same bits as one sample at a
    // time, for both losses, through a batch of 5, a shorter one of 2 and a longer one of 7
    // (the buffers grow), and the updates between them.
    let mut rng = Rng::new(21);
    for loss in [Loss::SumOfSquares, Loss::SoftmaxCrossEntropy] {
        let acts = [Activation::Tanh, Activation::Relu, Activation::Sigmoid];
        let net = random_net(&[3, 5, 4, 2], &acts, loss, 9);
        let hyper = Hyper { learning_rate: 0.3, batch_size: 5, regularization: Regularization::L1, regularization_rate: 0.01 };
        let (mut by_rows, mut one_by_one) = (net.clone(), net.clone());
        let (mut rows_sgd, mut one_sgd) = (Sgd::new(&net), Sgd::new(&net));
        for size in [5, 2, 7] {
            let samples: Vec<_> = (0..size).map(|_| (random_vec(3, &mut rng), random_target(loss, 2, &mut rng))).collect();
            let (inputs, targets) = rows_sgd.rows_mut(&by_rows, size);
            for (r, (x, t)) in samples.iter().enumerate() {
                inputs[r * 3..r * 3 + 3].copy_from_slice(x.as_slice().unwrap());
                targets[r * 2..r * 2 + 2].copy_from_slice(t.as_slice().unwrap());
            }
            let rows_loss = rows_sgd.accumulate_rows(&by_rows);
            let one_loss = samples.iter().fold(0.0, |sum, (x, t)| sum + one_sgd.accumulate(&one_by_one, x.view(), t.view()));
            assert_eq!(rows_loss, one_loss, "{loss:?}, a batch of {size}");
            assert_eq!(rows_sgd.update(&mut by_rows, &hyper), one_sgd.update(&mut one_by_one, &hyper));
            for j in 0..3 {
                assert_eq!(rows_sgd.batch_mean(j), one_sgd.batch_mean(j), "{loss:?}, a batch of {size}, layer {j}");
                assert_eq!(rows_sgd.batch_mean_dl_dx(j), one_sgd.batch_mean_dl_dx(j));
            }
            assert_eq!(by_rows, one_by_one, "{loss:?}: the weights after a batch of {size}");
        }
        assert_ne!(by_rows, net, "the batches moved the weights");
    }
}

#[test]
fn steps_describe_themselves() {
    let net = random_net(&[2, 3, 2], &[Activation::Relu, Activation::Linear], Loss::SoftmaxCrossEntropy, 1);
    assert_eq!(Step::OutputGradient.equation(&net), 31);
    assert_eq!(Step::DlDx { j: 1 }.shape(&net), (3, 1));
    assert_eq!(Step::DlDw { j: 0 }.shape(&net), (2, 3));
    assert_eq!(Step::DlDb { j: 0 }.tensor(), Tensor::DlDb);
}

#[test]
fn summing_gradients_add_each_samples_eq_26_and_27() {
    // For a batch, Eq. 26 and 27 add x (∂L/∂g)^T and ∂L/∂g to what ∂L/∂w and ∂L/∂b hold: after
    // two samples they are the sum of each sample's own, bit for bit (0 + a + b in that order).
    let mut rng = Rng::new(5);
    let net = random_net(&[2, 4, 3], &[Activation::Tanh, Activation::Linear], Loss::SoftmaxCrossEntropy, 3);
    let samples: Vec<_> = (0..2).map(|_| (random_vec(2, &mut rng), ndarray::array![0.0, 1.0, 0.0])).collect();
    let mut sum = Gradients::for_batch(&net, 1);
    let mut tape = Tape::new(&net);
    let mut each = Vec::new();
    for (x, t) in &samples {
        net.forward(x.view(), &mut tape);
        backward(&net, &tape, t.view(), &mut sum);
        let mut one = Stepper::new(&net, x.view(), t.view());
        one.seek(usize::MAX);
        each.push(one.gradients().clone());
    }
    for j in 0..2 {
        let (a, b) = (&each[0].layers[j], &each[1].layers[j]);
        assert_eq!(sum.layers[j].dl_dw, &a.dl_dw + &b.dl_dw, "layer {j}");
        assert_eq!(sum.layers[j].dl_db, &a.dl_db + &b.dl_db, "layer {j}");
        assert_ne!(sum.layers[j].dl_dw, b.dl_dw, "layer {j}: not only the last sample's");
        // The other tensors are the last sample's.
        assert_eq!(sum.layers[j].dl_dg, b.dl_dg, "layer {j}");
    }
}
