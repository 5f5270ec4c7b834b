<?php

declare(strict_types=1);

namespace Tthc\Result;

/** One procedure found by Engine::search, best first. */
final readonly class SearchHit
{
    public function __construct(public string $id, public ?string $code, public string $name, public int $score)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('id'), $r->optStr('code'), $r->str('name'), $r->int('score'));
    }
}
