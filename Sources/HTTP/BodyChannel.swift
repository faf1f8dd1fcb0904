import Foundation

/// The bounded hand-over between a transfer thread (producer) and an async consumer.
///
/// The producer blocks in `push` while the buffer holds `capacity` bytes or more; that blocks the
/// curl write callback, so TCP flow control slows the server instead of memory growing.
final class BodyChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    private var head = 0
    private var bufferedBytes = 0
    private let capacity: Int
    private var end: Result<Void, HTTPError>?
    private var consumerGone = false
    private var waiter: CheckedContinuation<[UInt8]?, any Error>?
    private var producerWaiting = false
    private var peakBufferedBytes = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// True once the consumer cancelled or dropped the stream.
    var isAbandoned: Bool {
        condition.lock()
        defer { condition.unlock() }
        return consumerGone
    }

    /// Back-pressure state, for tests: is the producer blocked, and the most ever buffered.
    var backPressure: (producerWaiting: Bool, bufferedBytes: Int, peakBufferedBytes: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (producerWaiting, bufferedBytes, peakBufferedBytes)
    }

    /// Hands a chunk to the consumer, waiting while the buffer is full.
    /// Returns false when the consumer is gone, so the transfer should stop.
    func push(_ chunk: [UInt8]) -> Bool {
        condition.lock()
        while bufferedBytes >= capacity && !consumerGone {
            producerWaiting = true
            condition.wait()
        }
        producerWaiting = false
        if consumerGone {
            condition.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: chunk)
            return true
        }
        chunks.append(chunk)
        bufferedBytes += chunk.count
        peakBufferedBytes = max(peakBufferedBytes, bufferedBytes)
        condition.unlock()
        return true
    }

    /// Marks the end of the body; chunks already buffered are still delivered first.
    func finish(_ result: Result<Void, HTTPError>) {
        condition.lock()
        guard end == nil else {
            condition.unlock()
            return
        }
        end = result
        let waiter = self.waiter
        self.waiter = nil
        condition.unlock()
        guard let waiter else { return }
        switch result {
        case .success: waiter.resume(returning: nil)
        case .failure(let error): waiter.resume(throwing: error)
        }
    }

    /// The next chunk, `nil` at the end of the body; throws the transfer's error or on cancellation.
    func next() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, any Error>) in
                condition.lock()
                if consumerGone {
                    condition.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if head < chunks.count {
                    let chunk = chunks[head]
                    chunks[head] = []
                    head += 1
                    if head == chunks.count {
                        chunks.removeAll(keepingCapacity: true)
                        head = 0
                    }
                    bufferedBytes -= chunk.count
                    condition.signal()
                    condition.unlock()
                    continuation.resume(returning: chunk)
                    return
                }
                if let end {
                    condition.unlock()
                    switch end {
                    case .success: continuation.resume(returning: nil)
                    case .failure(let error): continuation.resume(throwing: error)
                    }
                    return
                }
                waiter = continuation
                condition.unlock()
            }
        } onCancel: {
            abandon()
        }
    }

    /// The consumer will read no more: wake a blocked producer and fail a waiting `next`.
    func abandon() {
        condition.lock()
        consumerGone = true
        let waiter = self.waiter
        self.waiter = nil
        chunks.removeAll()
        bufferedBytes = 0
        condition.broadcast()
        condition.unlock()
        waiter?.resume(throwing: CancellationError())
    }
}
