/// The variable-code-size LZW compression of GIF image data (GIF89a specification, section 22
/// and appendix F).
///
/// With a minimum code size m, codes 0..<2^m stand for the pixel indices themselves, 2^m is
/// the clear code and 2^m + 1 the end-of-information code; new strings get the codes after
/// that. Codes start m + 1 bits wide and are packed least significant bit first. A code grows
/// one bit when the table assigns the code 2^width, up to 12 bits; when all 4096 codes are
/// taken the encoder sends a clear code and starts the table again.
///
/// The decoder builds the same table one code behind the encoder, which is why the width grows
/// when the encoder *assigns* 2^width (the decoder reaches that point as it reads the next
/// code), and why the encoder counts one more code before the end-of-information code.
enum GIFLZW {
    static let maximumCodeWidth = 12
    static let tableLimit = 1 << maximumCodeWidth

    /// The code stream for `indices` (each below 2^`minimumCodeSize`), before it is cut into
    /// sub-blocks. `minimumCodeSize` is 2…8.
    static func encode(_ indices: [UInt8], minimumCodeSize: Int) -> [UInt8] {
        precondition((2...8).contains(minimumCodeSize), "GIF's minimum LZW code size is 2…8, got \(minimumCodeSize)")
        let clearCode = 1 << minimumCodeSize
        let endCode = clearCode + 1
        // The string table as a trie: a string is (prefix code, last index); `firstChild` and
        // `nextSibling` chain the strings one index longer than a code's.
        var firstChild = [Int16](repeating: -1, count: tableLimit)
        var nextSibling = [Int16](repeating: -1, count: tableLimit)
        var lastIndex = [UInt8](repeating: 0, count: tableLimit)
        var nextCode = endCode + 1
        var width = minimumCodeSize + 1

        var output: [UInt8] = []
        output.reserveCapacity(indices.count / 2 + 16)
        var bits: UInt64 = 0
        var bitCount = 0
        func emit(_ code: Int) {
            bits |= UInt64(code) << bitCount
            bitCount += width
            while bitCount >= 8 {
                output.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
                bitCount -= 8
            }
        }
        /// Counts a new code; the width grows when that code needs one more bit.
        func assignCode() {
            guard nextCode < tableLimit else { return }
            if nextCode == 1 << width, width < maximumCodeWidth { width += 1 }
            nextCode += 1
        }
        func startTable() {
            for code in 0..<clearCode { firstChild[code] = -1 }
            nextCode = endCode + 1
            width = minimumCodeSize + 1
        }

        emit(clearCode)
        guard let first = indices.first else {
            emit(endCode)
            if bitCount > 0 { output.append(UInt8(truncatingIfNeeded: bits)) }
            return output
        }
        var prefix = Int(first)
        for index in indices.dropFirst() {
            precondition(Int(index) < clearCode, "pixel index \(index) does not fit the minimum code size \(minimumCodeSize)")
            var child = Int(firstChild[prefix])
            while child >= 0, lastIndex[child] != index { child = Int(nextSibling[child]) }
            if child >= 0 {
                prefix = child
                continue
            }
            emit(prefix)
            if nextCode < tableLimit {
                let code = nextCode
                (lastIndex[code], firstChild[code], nextSibling[code]) = (index, -1, firstChild[prefix])
                firstChild[prefix] = Int16(code)
                assignCode()
            } else {
                emit(clearCode)
                startTable()
            }
            prefix = Int(index)
        }
        emit(prefix)
        // The decoder adds a string on reading this code, and may widen before the end code.
        assignCode()
        emit(endCode)
        if bitCount > 0 { output.append(UInt8(truncatingIfNeeded: bits)) }
        return output
    }
}
