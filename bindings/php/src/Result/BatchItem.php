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
 * @template T of object
 */
final readonly class BatchItem
{
    /** @param T|null $result */
    public function __construct(public Status $status, public ?object $result, public ?TthcException $error)
    {
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
