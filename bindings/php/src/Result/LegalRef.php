<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A legal document cited for a fact: its number (`doc`, e.g. "75/2022/TT-BTC") and, where read, the article. */
final readonly class LegalRef
{
    public function __construct(public string $doc, public ?string $article)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('doc'), $r->optStr('article'));
    }
}
