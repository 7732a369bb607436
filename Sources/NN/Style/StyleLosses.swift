import Tensors

// The losses of neural style transfer (Gatys, Ecker & Bethge 2015, "A Neural Algorithm of
// Artistic Style"; the journal version, CVPR 2016, "Image Style Transfer Using Convolutional
// Neural Networks", eqs. 1–5). A layer l with N_l filters of M_l positions gives features
// F_l ∈ R^{N_l × M_l}. The content loss compares F_l with the content image's P_l; the style
// loss compares the Gram matrices G_l = F_l F_lᵀ, the correlations between filters with
// position summed away, which is what carries texture.

/// The Gram matrices of `features` [B, C, H, W]: [B, C, C], G = F Fᵀ / (C·H·W), F the
/// features as C rows of H·W. Dividing by N_l·M_l here makes Gatys' layer loss
/// E_l = 1/(4 N_l² M_l²) Σ (G − A)² a plain ¼ Σ (G′ − A′)² of these scaled matrices, and keeps
/// layers of different sizes comparable.
public func gramMatrix(_ features: Tensor) -> Tensor {
    precondition(features.rank == 4, "gramMatrix takes features [B, C, H, W], got \(features.shape)")
    let (b, c, positions) = (features.shape[0], features.shape[1], features.shape[2] * features.shape[3])
    let rows = features.reshaped([b, c, positions])
    return Tensor.matmul(rows, rows, transposeB: true) / Float(c * positions)
}

/// Gatys' content loss L_content = ½ Σ (F − P)² between a layer's features and the content
/// image's (eq. 1).
public func contentLoss(features: Tensor, target: Tensor) -> Tensor {
    precondition(features.shape == target.shape, "content features \(features.shape) and target \(target.shape) differ")
    let difference = features - target
    return (difference * difference).sum() * 0.5
}

/// Gatys' style loss L_style = Σ_l w_l E_l, E_l = ¼ Σ (G_l − A_l)² over `gramMatrix`'s scaled
/// matrices (eqs. 3–5): `features[l]` the image's features at layer l, `targetGrams[l]` the
/// style image's Gram matrices there.
public func styleLoss(features: [Tensor], targetGrams: [Tensor], weights: [Float]) -> Tensor {
    precondition(features.count == targetGrams.count && features.count == weights.count && !features.isEmpty,
                 "styleLoss needs as many features, target Gram matrices and weights, at least one")
    var total: Tensor?
    for (l, layer) in features.enumerated() {
        let difference = gramMatrix(layer) - targetGrams[l]
        let term = (difference * difference).sum() * (0.25 * weights[l])
        total = total.map { $0 + term } ?? term
    }
    return total!
}
