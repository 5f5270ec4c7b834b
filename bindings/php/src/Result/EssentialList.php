<?php

declare(strict_types=1);

namespace Tthc\Result;

/** An essential-service list the procedure belongs to (e.g. Đề án 06). */
final readonly class EssentialList
{
    /** @param list<LegalRef> $legalBasis empty in a decision, which cites only the list */
    public function __construct(public string $id, public string $name, public string $status, public array $legalBasis)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('id'), $r->str('name'), $r->str('status'), $r->list('legal_basis', LegalRef::read(...)));
    }
}
