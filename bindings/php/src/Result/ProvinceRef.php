<?php

declare(strict_types=1);

namespace Tthc\Result;

/** The province a decision applied: as requested, and the one in force (a former province resolves to its successor). */
final readonly class ProvinceRef
{
    public function __construct(
        public string $requested,
        public string $id,
        public string $name,
        public bool $resolvedToSuccessor,
        /** How the requested province led to this one, when it did. */
        public ?string $succession,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('requested'), $r->str('id'), $r->str('name'), $r->bool('resolved_to_successor'), $r->optStr('succession'));
    }
}
