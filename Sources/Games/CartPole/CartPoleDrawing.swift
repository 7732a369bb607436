#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Gym

/// CartPole's picture as Gymnasium draws it: 600 × 400, a black cart on a black track, a
/// tan pole with a blue axle, on white; 1 m of track is 125 pixels.
enum CartPoleDrawing {
    static let width = 600
    static let height = 400
    static let palette = Palette([
        (255, 255, 255),  // 0 background
        (0, 0, 0),  // 1 cart, track, text
        (202, 152, 101),  // 2 pole
        (129, 132, 203),  // 3 axle
    ])

    /// Draws `physics` (and, when given, a label such as the step count in the corner).
    static func draw(_ physics: CartPolePhysics, label: String? = nil, on canvas: Canvas) {
        let scale = Double(width) / (CartPolePhysics.xThreshold * 2)
        let poleWidth = 10.0, poleLength = scale * 2 * 0.5
        let cartWidth = 50.0, cartHeight = 30.0
        // Gymnasium puts the cart's top 100 pixels above the bottom edge; rows count down here.
        let cartTop = Double(height) - 100 - cartHeight / 2
        let cartX = physics.x * scale + Double(width) / 2
        canvas.clear(to: 0)
        canvas.fillRectangle(x: 0, y: Int(Double(height) - 100), width: width, height: 1, color: 1)
        canvas.fillConvexPolygon([
            (cartX - cartWidth / 2, cartTop), (cartX + cartWidth / 2, cartTop),
            (cartX + cartWidth / 2, cartTop + cartHeight), (cartX - cartWidth / 2, cartTop + cartHeight),
        ], color: 1)
        // The pole leans right for positive θ; its foot is at the axle, a quarter down the cart.
        let axleY = cartTop + cartHeight / 4
        let (sine, cosine) = (sin(physics.theta), cos(physics.theta))
        func rotated(_ across: Double, _ along: Double) -> (x: Double, y: Double) {
            (cartX + across * cosine + along * sine, axleY + across * sine - along * cosine)
        }
        canvas.fillConvexPolygon([
            rotated(-poleWidth / 2, -poleWidth / 2), rotated(poleWidth / 2, -poleWidth / 2),
            rotated(poleWidth / 2, poleLength - poleWidth / 2), rotated(-poleWidth / 2, poleLength - poleWidth / 2),
        ], color: 2)
        canvas.fillDisc(centerX: cartX, centerY: axleY, radius: poleWidth / 2, color: 3)
        if let label { canvas.drawText(label, x: 10, y: 10, scaleX: 3, scaleY: 3, color: 1) }
    }
}
