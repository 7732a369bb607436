import Foundation

/// A CSV table of numbers with a header row, as pandas' `read_csv` reads the simple case:
/// comma-separated, one header line naming the columns, every other cell a number. Quoted
/// cells and other separators are not read (an error says so).
public struct CSVTable: Sendable, Equatable {
    public let columns: [String]
    /// The rows, each as many numbers as there are columns.
    public let rows: [[Double]]

    public init(columns: [String], rows: [[Double]]) { (self.columns, self.rows) = (columns, rows) }

    public init(contentsOf path: String) throws(DatasetError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DatasetError("\(path): no such file, or not UTF-8 text; give the path of a CSV file")
        }
        try self.init(text: text, name: path)
    }

    public init(text: String, name: String) throws(DatasetError) {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw DatasetError("\(name): the file is empty; a CSV table needs a header line") }
        columns = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [[Double]] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw DatasetError("\(name):\(offset + 2): \(cells.count) cells, but the header has \(columns.count) columns; every row needs one cell per column")
            }
            var row: [Double] = []
            for (column, cell) in cells.enumerated() {
                guard let value = Double(cell.trimmingCharacters(in: .whitespaces)) else {
                    throw DatasetError("\(name):\(offset + 2): column '\(columns[column])' holds \(String(reflecting: String(cell))), not a number; CSV tables here hold numbers only")
                }
                row.append(value)
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// The table as labelled examples: the column `label` (whole numbers from 0) as the
    /// classes, every other column a feature.
    public func labelled(by label: String) throws(DatasetError) -> LabelledDataset {
        guard let labelColumn = columns.firstIndex(of: label) else {
            throw DatasetError("no column '\(label)' in the table; its columns are \(columns.joined(separator: ", "))")
        }
        var classes: [Int] = []
        for (index, row) in rows.enumerated() {
            let value = row[labelColumn]
            guard value >= 0, value == value.rounded(), value < 1_000_000 else {
                throw DatasetError("row \(index + 1): label \(value) is not a class index (a whole number from 0)")
            }
            classes.append(Int(value))
        }
        let features = rows.flatMap { row in row.enumerated().filter { $0.offset != labelColumn }.map { Float($0.element) } }
        return LabelledDataset(features: features, exampleShape: [columns.count - 1], labels: classes, classCount: (classes.max() ?? 0) + 1)
    }
}
