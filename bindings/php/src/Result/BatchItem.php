<?php

declare(strict_types=1);

namespace Tthc\Result;

use Tthc\Exception\TthcException;
use Tthc\Status;

/**
 * One answer of a batch call, in the order of the requests: the result, or
 * the exception the single call would have thrown. One bad request costs
 * only its own answer.
 *
 * A batch's items keep their answer's text and read it into `result` when
 * `result` is first used (get(), `->result`, isset()), then keep that
 * object: typed answers take several times the memory of their text, so a
 * batch holds its answers at about the size of their JSON until they are
 * read (docs/reliability.md, batch memory).
 *
 * @template T of object
 */
final readonly class BatchItem
{
    /** The answer text of a result not read yet. */
    private string $text;

    /** @var \Closure(string): T reads $text into the result */
    private \Closure $read;

    /** @param T|null $result */
    public function __construct(public Status $status, public ?object $result, public ?TthcException $error)
    {
    }

    /**
     * An answered item whose result is read from $text by $read on first use.
     *
     * @internal
     * @template R of object
     * @param \Closure(string): R $read
     * @return self<R>
     */
    public static function answered(string $text, \Closure $read): self
    {
        static $class = null;
        // Without the constructor, so that `result` can be left unset: an
        // unset typed property is what makes PHP call __get().
        $item = ($class ??= new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        $item->status = Status::OK;
        $item->error = null;
        $item->text = $text;
        $item->read = $read;
        unset($item->result);
        return $item;
    }

    /** Reads `result` on its first use (only an answered() item has it unset). */
    public function __get(string $name): mixed
    {
        if ($name !== 'result') {
            trigger_error('Undefined property: ' . self::class . '::$' . $name, E_USER_WARNING);
            return null;
        }
        return $this->result = ($this->read)($this->text);
    }

    /** `result` is unset only until it is read, and an answer is never null. */
    public function __isset(string $name): bool
    {
        return $name === 'result';
    }

    public function ok(): bool
    {
        return $this->error === null;
    }

    /**
     * The result; throws the item's error when it failed.
     *
     * @return T
     */
    public function get(): object
    {
        if ($this->error !== null) {
            throw $this->error;
        }
        return $this->result ?? throw new \LogicException('a batch item with neither result nor error');
    }
}
